using System.Text;

namespace Compliant.AI.Guardrails.Internal;

/// <summary>Datamarking (spotlighting): every run of spaces and tabs in untrusted text becomes the marker, so the model can tell it from instructions.</summary>
/// <remarks>Line breaks stay. Words stay whole, so the grounding stage's term matching (which splits on non-letters) still works.</remarks>
internal static class Spotlight
{
    public static string Mark(string text, string marker)
    {
        var builder = new StringBuilder(text.Length + 16);
        bool inSpace = false;
        foreach (char c in text)
        {
            if (c is ' ' or '\t' or '\u00A0')
            {
                if (!inSpace)
                {
                    builder.Append(marker);
                    inSpace = true;
                }

                continue;
            }

            inSpace = false;
            builder.Append(c);
        }

        return builder.ToString();
    }
}
