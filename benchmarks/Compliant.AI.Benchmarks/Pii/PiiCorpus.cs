using System.Text;

namespace Compliant.AI.Benchmarks.Pii;

/// <summary>A synthetic mixed corpus (clinical notes, support tickets, logs, prose), generated deterministically.</summary>
internal static class PiiCorpus
{
    private static readonly string[] Templates =
    [
        "Patient {name} (MRN: {mrn}) was seen on {date} for follow-up of hypertension; BP 132/84, continue lisinopril 10 mg daily. ",
        "Ticket #{n}: customer {name} reports the export job failed twice overnight; contact {email} or {phone}. ",
        "2024-06-0{d}T10:1{d}:00Z INFO request from {ip} completed in {n} ms with status 200 for tenant acme-prod. ",
        "The committee reviewed the quarterly roadmap, agreed on three priorities and scheduled the next review for the spring. ",
        "Please wire the refund to IBAN DE89 3704 0044 0532 0130 00; card ending 4242 was declined, SSN on file {ssn}. ",
        "Discharge summary: 67-year-old male admitted with chest pain, troponin negative, stress test normal, discharged home. ",
        "Dear {name}, thanks for your note about the invoice dated {date}; our office at 112 Elm Street, Springfield, IL 62704 will call you. ",
        "Lorem ipsum style filler text about weather, sports, and markets keeps the mix realistic without personal data at all. ",
    ];

    private static readonly string[] Names = ["Maria Okafor", "John Smith", "Priya Natarajan", "Wei Chen", "Ahmed Hassan", "Olga Ivanova", "Kwame Mensah"];
    private static readonly string[] Dates = ["March 3, 1985", "03/04/2021", "3 Mar 85", "Sept 10th, 2023", "2023-04-25"];

    public static string Create(int length, int seed = 42)
    {
        var random = new Random(seed);
        var sb = new StringBuilder(length + 256);
        while (sb.Length < length)
        {
            string t = Templates[random.Next(Templates.Length)];
            sb.Append(t
                .Replace("{name}", Names[random.Next(Names.Length)], StringComparison.Ordinal)
                .Replace("{date}", Dates[random.Next(Dates.Length)], StringComparison.Ordinal)
                .Replace("{mrn}", "CH-" + random.Next(100000, 999999), StringComparison.Ordinal)
                .Replace("{email}", "user" + random.Next(1000) + "@example.com", StringComparison.Ordinal)
                .Replace("{phone}", "(212) 555-0" + random.Next(100, 999), StringComparison.Ordinal)
                .Replace("{ip}", "10.0." + random.Next(256) + "." + random.Next(256), StringComparison.Ordinal)
                .Replace("{ssn}", "536-90-" + random.Next(1000, 9999), StringComparison.Ordinal)
                .Replace("{n}", random.Next(10000).ToString(System.Globalization.CultureInfo.InvariantCulture), StringComparison.Ordinal)
                .Replace("{d}", random.Next(1, 9).ToString(System.Globalization.CultureInfo.InvariantCulture), StringComparison.Ordinal));
        }

        return sb.ToString(0, length);
    }
}
