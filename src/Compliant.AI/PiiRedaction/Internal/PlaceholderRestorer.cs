using System.Text;

namespace Compliant.AI.PiiRedaction.Internal;

/// <summary>
/// Restores placeholders in a text that may arrive in chunks: text is emitted up to a possible placeholder start, the
/// ambiguous tail (at most <see cref="PlaceholderSyntax.MaxLength"/> characters) is held until the next chunk, and
/// <see cref="Flush"/> releases it at the end. A placeholder the lookup does not know stays literal.
/// </summary>
/// <remarks>Not thread-safe: one instance per text stream. For any chunking the concatenated output equals the output for the whole text.</remarks>
internal sealed class PlaceholderRestorer(Func<string, CancellationToken, ValueTask<string?>> lookup, bool jsonEscape)
{
    private string _pending = string.Empty;

    public int RestoredCount { get; private set; }

    public bool HasPending => _pending.Length > 0;

    public async ValueTask<string> PushAsync(string chunk, CancellationToken cancellationToken)
    {
        string text = _pending.Length == 0 ? chunk : string.Concat(_pending, chunk);
        _pending = string.Empty;
        int i = 0;
        int lt = text.IndexOf('<', StringComparison.Ordinal);
        if (lt < 0)
        {
            return text;
        }

        var sb = new StringBuilder(text.Length);
        while (i < text.Length)
        {
            lt = text.IndexOf('<', i);
            if (lt < 0)
            {
                sb.Append(text, i, text.Length - i);
                break;
            }

            sb.Append(text, i, lt - i);
            switch (PlaceholderSyntax.MatchAt(text, lt, out int length))
            {
                case PlaceholderSyntax.Match.Full:
                    string placeholder = text.Substring(lt, length);
                    string? value = await lookup(placeholder, cancellationToken).ConfigureAwait(false);
                    if (value is null)
                    {
                        sb.Append(placeholder);
                    }
                    else
                    {
                        RestoredCount++;
                        if (jsonEscape)
                        {
                            JsonText.AppendEscaped(sb, value);
                        }
                        else
                        {
                            sb.Append(value);
                        }
                    }

                    i = lt + length;
                    break;
                case PlaceholderSyntax.Match.Prefix:
                    _pending = text[lt..];
                    i = text.Length;
                    break;
                default:
                    sb.Append('<');
                    i = lt + 1;
                    break;
            }
        }

        return sb.ToString();
    }

    public string Flush()
    {
        string pending = _pending;
        _pending = string.Empty;
        return pending;
    }

    public async ValueTask<string> RestoreAllAsync(string text, CancellationToken cancellationToken)
    {
        string head = await PushAsync(text, cancellationToken).ConfigureAwait(false);
        string tail = Flush();
        return tail.Length == 0 ? head : head + tail;
    }

    /// <summary>Restores a whole text with a synchronous lookup.</summary>
    public static string RestoreAll(string text, Func<string, string?> lookup, bool jsonEscape, out int restored)
    {
        var restorer = new PlaceholderRestorer((p, _) => new ValueTask<string?>(lookup(p)), jsonEscape);
        ValueTask<string> task = restorer.RestoreAllAsync(text, CancellationToken.None);
        string result = task.IsCompletedSuccessfully ? task.Result : task.AsTask().GetAwaiter().GetResult();
        restored = restorer.RestoredCount;
        return result;
    }
}
