using System.Runtime.InteropServices;
using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;

namespace Compliant.AI.StructuredOutput.Internal;

/// <summary>Evaluates <c>minLength</c>, <c>maxLength</c> (in Unicode code points) and <c>pattern</c>, and the time-limited regex match that <c>patternProperties</c> shares.</summary>
/// <remarks>Stateless: every method reads the compiled keywords from the <see cref="SchemaNode"/> it is given.</remarks>
internal static class StringKeywords
{
    internal static bool Evaluate(SchemaNode node, JsonElement instance, EvaluationContext context)
    {
        // Read the raw UTF-8 when the string has no escapes: no string allocation for length checks or short patterns.
        ReadOnlySpan<byte> raw = JsonMarshal.GetRawUtf8Value(instance);
        if (raw.Length >= 2 && raw[0] == (byte)'"')
        {
            raw = raw[1..^1];
        }

        if (raw.IndexOf((byte)'\\') >= 0 || raw.Length > 1024)
        {
            return Evaluate(node, instance.GetString()!, instance, context);
        }

        Span<char> buffer = stackalloc char[raw.Length];
        int written = Encoding.UTF8.GetChars(raw, buffer);
        return Evaluate(node, buffer[..written], instance, context);
    }

    private static bool Evaluate(SchemaNode node, ReadOnlySpan<char> text, JsonElement instance, EvaluationContext context)
    {
        bool valid = true;
        if (node.MinLength is not null || node.MaxLength is not null)
        {
            int length = CountCodePoints(text);
            if (node.MinLength is int minLength && length < minLength)
            {
                valid = false;
                context.AddError(node, "minLength", $"must be at least {minLength} characters long", instance);
            }

            if (node.MaxLength is int maxLength && length > maxLength)
            {
                valid = false;
                context.AddError(node, "maxLength", $"must be at most {maxLength} characters long", instance);
            }
        }

        if (node.Pattern is not null && !IsMatch(node, node.Pattern, text, "pattern", context))
        {
            valid = false;
            context.AddError(node, "pattern", $"must match the pattern {SchemaNode.Truncate(node.PatternText!)}", instance);
        }

        return valid;
    }

    /// <summary>Matches a schema regular expression; a match that times out ends the validation (a pathological pattern is a typed failure, never a hang).</summary>
    internal static bool IsMatch(SchemaNode node, Regex regex, ReadOnlySpan<char> text, string keyword, EvaluationContext context)
    {
        context.AddWork(1 + (text.Length / 64));
        try
        {
            return regex.IsMatch(text);
        }
        catch (RegexMatchTimeoutException)
        {
            throw new ValidationAbortedException(keyword, node.Location + "/" + keyword, $"the '{keyword}' match took longer than its time limit");
        }
    }

    /// <summary>Counts Unicode code points (a surrogate pair counts once), as JSON Schema defines string length.</summary>
    internal static int CountCodePoints(ReadOnlySpan<char> text)
    {
        int count = text.Length;
        for (int i = 0; i < text.Length - 1; i++)
        {
            if (char.IsHighSurrogate(text[i]) && char.IsLowSurrogate(text[i + 1]))
            {
                count--;
                i++;
            }
        }

        return count;
    }

    /// <summary>Compiles <c>minLength</c>, <c>maxLength</c> and <c>pattern</c>; returns whether <paramref name="keyword"/> belongs to this family.</summary>
    internal static bool Compile(KeywordSite site, JsonProperty keyword, string at)
    {
        SchemaNode node = site.Node;
        switch (keyword.Name)
        {
            case "minLength":
                node.MinLength = KeywordValues.Count(keyword.Value, at);
                return true;
            case "maxLength":
                node.MaxLength = KeywordValues.Count(keyword.Value, at);
                return true;
            case "pattern":
                node.Pattern = site.Regex(keyword.Value, at);
                node.PatternText = keyword.Value.GetString();
                return true;
            default:
                return false;
        }
    }
}
