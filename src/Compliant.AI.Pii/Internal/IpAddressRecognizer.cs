using System.Net;
using System.Net.Sockets;
using System.Text.RegularExpressions;

namespace Compliant.AI.Pii.Internal;

/// <summary>IPv4 (not inside a longer dotted number such as a version "1.2.3.4.5") and IPv6 (full or compressed, parsed to validate).</summary>
internal sealed class IpAddressRecognizer : PiiRecognizer
{
    private static readonly string[] Types = [PiiEntityTypes.IpAddress];
    private static readonly string[] Context = ["ip", "address", "host", "server", "client", "ipv4", "ipv6", "from", "logged", "source", "destination", "gateway"];

    public IpAddressRecognizer()
        : base("IpRecognizer")
    {
    }

    public override IReadOnlyCollection<string> SupportedEntityTypes => Types;

    public override IReadOnlyList<string> ContextWords => Context;

    public override IEnumerable<PiiEntity> Analyze(string text, CancellationToken cancellationToken)
    {
        var results = new List<PiiEntity>();
        if (text.Contains('.', StringComparison.Ordinal))
        {
            foreach (Match m in BuiltInWindows.IPv4.Matches(PiiRegexes.IPv4(), text))
            {
                int end = m.Index + m.Length;
                bool dottedBefore = m.Index >= 2 && text[m.Index - 1] == '.' && char.IsAsciiDigit(text[m.Index - 2]);
                bool dottedAfter = end + 1 < text.Length && text[end] == '.' && char.IsAsciiDigit(text[end + 1]);
                if (!dottedBefore && !dottedAfter)
                {
                    results.Add(Candidate.Create(PiiEntityTypes.IpAddress, m.Index, end, 0.6, Name, "ipv4"));
                }
            }
        }

        cancellationToken.ThrowIfCancellationRequested();
        if (text.Contains(':', StringComparison.Ordinal))
        {
            foreach (Match m in BuiltInWindows.IPv6.Matches(PiiRegexes.IPv6Candidate(), text))
            {
                string v = m.Value.TrimEnd('.');
                if (v.AsSpan().Count(':') >= 2 && IPAddress.TryParse(v, out IPAddress? ip) && ip.AddressFamily == AddressFamily.InterNetworkV6)
                {
                    results.Add(Candidate.Create(PiiEntityTypes.IpAddress, m.Index, m.Index + v.Length, 0.85, Name, "ipv6", "ip_parse"));
                }
            }
        }

        return results;
    }
}
