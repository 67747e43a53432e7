using System.Buffers.Text;
using System.Security.Cryptography;
using System.Text;
using System.Text.RegularExpressions;
using Compliant.AI.Internal;
using Compliant.AI.PiiRedaction.Internal;

namespace Compliant.AI;

/// <summary>Applies operators (placeholder, mask, hash, remove, encrypt, keep) to the entities found in a text.</summary>
/// <remarks>
/// <para>
/// Stateless apart from its options and key: the placeholder operator numbers values through the <see cref="PseudonymTable"/>
/// you pass (a fresh one per call when you pass none). Entities are applied from the original offsets, so they stay valid.
/// </para>
/// <para>All members are thread-safe.</para>
/// </remarks>
public sealed partial class PiiAnonymizer
{
    private const string EncryptedMarker = ":enc:";
    private readonly PiiAnonymizerOptions _options;
    private readonly PiiKey? _key;

    /// <summary>Initializes a new instance of the <see cref="PiiAnonymizer"/> class.</summary>
    /// <param name="options">The operators; every type uses <see cref="PiiOperatorKind.Placeholder"/> when <see langword="null"/>.</param>
    /// <param name="key">The key for the hash and encrypt operators.</param>
    /// <exception cref="ArgumentException">The options use the hash or encrypt operator but no key is given.</exception>
    public PiiAnonymizer(PiiAnonymizerOptions? options = null, PiiKey? key = null)
    {
        _options = options ?? new PiiAnonymizerOptions();
        _key = key;
        if (_key is null && _options.RequiresKey())
        {
            throw new ArgumentException("The hash and encrypt operators need a PiiKey.", nameof(key));
        }

        if (_options.MaskKeepLast is < 0 or > 64 || _options.HashLength is < 8 or > 64)
        {
            throw new ArgumentException("MaskKeepLast must be 0-64 and HashLength 8-64.", nameof(options));
        }
    }

    /// <summary>Gets the options.</summary>
    internal PiiAnonymizerOptions Options => _options;

    /// <summary>Replaces each entity in <paramref name="text"/> with the output of its type's operator.</summary>
    /// <param name="text">The original text.</param>
    /// <param name="entities">Non-overlapping entities inside the text (any order).</param>
    /// <param name="pseudonyms">
    /// The table that numbers placeholders; a fresh one when <see langword="null"/>. When a table is given, placeholder-like
    /// text already in <paramref name="text"/> (such as a literal <c>&lt;PERSON_1&gt;</c>) is renumbered through it as a value
    /// of its own, so <see cref="PseudonymTable.Restore"/> returns exactly <paramref name="text"/> and never puts another
    /// value where the literal was.
    /// </param>
    /// <returns>The anonymized text and the counts per type.</returns>
    /// <exception cref="ArgumentException">An entity lies outside the text or overlaps another. The message holds offsets only.</exception>
    public PiiAnonymizationResult Anonymize(string text, IReadOnlyList<PiiEntity> entities, PseudonymTable? pseudonyms = null)
    {
        Throw.IfNull(text);
        Throw.IfNull(entities);
        IReadOnlyList<PiiEntity> ordered = Validate(text, entities);
        PseudonymTable? table = pseudonyms;
        var replacements = new string[ordered.Count];
        var issued = new bool[ordered.Count];
        for (int i = 0; i < ordered.Count; i++)
        {
            PiiEntity entity = ordered[i];
            string value = text[entity.Start..entity.End];
            PiiOperatorKind op = _options.GetOperator(entity.Type);
            issued[i] = op == PiiOperatorKind.Placeholder;
            replacements[i] = issued[i]
                ? (table ??= new PseudonymTable(int.MaxValue)).GetOrAdd(entity.Type, value)
                : Apply(op, entity.Type, value);
        }

        string rewritten = Rewrite(text, ordered, replacements, issued, out List<int>? issuedStarts);
        if (pseudonyms is not null)
        {
            // The table will restore: placeholder-like text that was already in the input is renumbered as a value of its
            // own, so restoring gives back exactly the input and never another value of the table.
            rewritten = PlaceholderEscaper.Escape(rewritten, issuedStarts, pseudonyms, out _);
        }

        return new PiiAnonymizationResult(rewritten, CountByType(ordered));
    }

    /// <summary>Decrypts every token the <see cref="PiiOperatorKind.Encrypt"/> operator produced with this key; other text stays as it is.</summary>
    /// <param name="text">The text holding encrypted tokens.</param>
    /// <returns>The text with the original values.</returns>
    /// <exception cref="InvalidOperationException">The anonymizer has no key.</exception>
    public string Decrypt(string text)
    {
        Throw.IfNull(text);
        PiiKey key = _key ?? throw new InvalidOperationException("Decrypting needs the PiiKey the values were encrypted with.");
        return EncryptedToken().Replace(text, match =>
        {
            string type = match.Groups[1].Value;
            byte[] data;
            try
            {
                data = Base64Url.DecodeFromChars(match.Groups[2].ValueSpan);
            }
            catch (FormatException)
            {
                return match.Value;
            }

            return key.TryDecrypt(data, Encoding.UTF8.GetBytes(type), out byte[] plain)
                ? new string(System.Runtime.InteropServices.MemoryMarshal.Cast<byte, char>(plain))
                : match.Value;
        });
    }

    /// <summary>Applies a non-placeholder operator to one value.</summary>
    internal string Apply(PiiOperatorKind op, string entityType, string value)
    {
        switch (op)
        {
            case PiiOperatorKind.Keep:
                return value;
            case PiiOperatorKind.Remove:
                return string.Empty;
            case PiiOperatorKind.Mask:
                return Mask(value);
            case PiiOperatorKind.Hash:
                {
                    Span<byte> mac = stackalloc byte[HMACSHA256.HashSizeInBytes];
                    _key!.Mac(System.Runtime.InteropServices.MemoryMarshal.AsBytes(value.AsSpan()), mac);
                    string hex = Convert.ToHexStringLower(mac)[.._options.HashLength];
                    return $"<{PlaceholderSyntax.NormalizeType(entityType)}#{hex}>";
                }

            case PiiOperatorKind.Encrypt:
                {
                    string type = PlaceholderSyntax.NormalizeType(entityType);
                    byte[] sealedData = _key!.Encrypt(System.Runtime.InteropServices.MemoryMarshal.AsBytes(value.AsSpan()), Encoding.UTF8.GetBytes(type));
                    return "<" + type + EncryptedMarker + Base64Url.EncodeToString(sealedData) + ">";
                }

            default:
                throw new InvalidOperationException("The placeholder operator needs a pseudonym table.");
        }
    }

    internal static IReadOnlyList<PiiEntity> Validate(string text, IReadOnlyList<PiiEntity> entities)
    {
        IReadOnlyList<PiiEntity> ordered = entities;
        for (int i = 1; i < entities.Count; i++)
        {
            if (entities[i].Start < entities[i - 1].Start)
            {
                ordered = [.. entities.OrderBy(static e => e.Start)];
                break;
            }
        }

        int previousEnd = 0;
        foreach (PiiEntity entity in ordered)
        {
            if (entity is null)
            {
                throw new ArgumentException("The entity list contains null.", nameof(entities));
            }

            if (entity.Start < 0 || entity.End > text.Length || entity.Start >= entity.End)
            {
                throw new ArgumentException($"The entity [{entity.Start}, {entity.End}) lies outside the text of length {text.Length} or is empty.", nameof(entities));
            }

            if (entity.Start < previousEnd)
            {
                throw new ArgumentException($"The entity [{entity.Start}, {entity.End}) overlaps the previous one.", nameof(entities));
            }

            previousEnd = entity.End;
        }

        return ordered;
    }

    internal static string Rewrite(string text, IReadOnlyList<PiiEntity> ordered, string[] replacements)
    {
        if (ordered.Count == 0)
        {
            return text;
        }

        var sb = new StringBuilder(text.Length + (ordered.Count * 8));
        int position = 0;
        for (int i = 0; i < ordered.Count; i++)
        {
            sb.Append(text, position, ordered[i].Start - position).Append(replacements[i]);
            position = ordered[i].End;
        }

        return sb.Append(text, position, text.Length - position).ToString();
    }

    /// <summary>Like <see cref="Rewrite(string, IReadOnlyList{PiiEntity}, string[])"/>, also returning where in the output each vault-issued placeholder starts.</summary>
    internal static string Rewrite(string text, IReadOnlyList<PiiEntity> ordered, string[] replacements, bool[] issued, out List<int>? issuedStarts)
    {
        issuedStarts = null;
        if (ordered.Count == 0)
        {
            return text;
        }

        var sb = new StringBuilder(text.Length + (ordered.Count * 8));
        int position = 0;
        for (int i = 0; i < ordered.Count; i++)
        {
            sb.Append(text, position, ordered[i].Start - position);
            if (issued[i])
            {
                (issuedStarts ??= []).Add(sb.Length);
            }

            sb.Append(replacements[i]);
            position = ordered[i].End;
        }

        return sb.Append(text, position, text.Length - position).ToString();
    }

    internal static Dictionary<string, int> CountByType(IEnumerable<PiiEntity> entities)
    {
        var counts = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (PiiEntity entity in entities)
        {
            counts[entity.Type] = counts.TryGetValue(entity.Type, out int n) ? n + 1 : 1;
        }

        return counts;
    }

    private string Mask(string value)
    {
        char[] chars = value.ToCharArray();
        int alphanumerics = 0;
        foreach (char c in chars)
        {
            if (char.IsLetterOrDigit(c))
            {
                alphanumerics++;
            }
        }

        // Never leave more than half of a value visible, so short values are not shown whole.
        int keep = Math.Min(_options.MaskKeepLast, alphanumerics / 2);
        for (int i = chars.Length - 1; i >= 0; i--)
        {
            if (!char.IsLetterOrDigit(chars[i]))
            {
                continue;
            }

            if (keep > 0)
            {
                keep--;
            }
            else
            {
                chars[i] = _options.MaskCharacter;
            }
        }

        return new string(chars);
    }

    [GeneratedRegex("<([A-Z][A-Z0-9_]{0,40}):enc:([A-Za-z0-9_-]{38,})>", RegexOptions.CultureInvariant | RegexOptions.NonBacktracking)]
    private static partial Regex EncryptedToken();
}
