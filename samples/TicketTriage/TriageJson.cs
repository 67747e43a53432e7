using System.Text.Encodings.Web;
using System.Text.Json;

namespace TicketTriage;

/// <summary>The JSON settings of the output lines.</summary>
internal static class TriageJson
{
    public static JsonSerializerOptions Options { get; } = new()
    {
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    };
}
