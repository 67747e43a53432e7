using System.Diagnostics.CodeAnalysis;
using Compliant.AI.Internal;
using Compliant.AI.PiiRedaction.Internal;

namespace Compliant.AI;

/// <summary>The pseudonyms of one scope: the same value always gets the same placeholder, distinct values distinct ones (numbered per type).</summary>
/// <remarks>
/// <para>All members are thread-safe. The table holds personal data in memory: keep it no longer than the conversation.</para>
/// <para>Values are compared ordinally per entity type, so <c>Maria</c> as <c>PERSON</c> and as <c>LOCATION</c> get different placeholders.</para>
/// </remarks>
public sealed class PseudonymTable
{
    private readonly Lock _gate = new();
    private readonly Dictionary<(string Type, string Value), string> _byValue = [];
    private readonly Dictionary<string, string> _byPlaceholder = new(StringComparer.Ordinal);
    private readonly Dictionary<string, int> _counters = new(StringComparer.Ordinal);

    /// <summary>Initializes a new instance of the <see cref="PseudonymTable"/> class.</summary>
    /// <param name="maxEntries">The most distinct values the table accepts.</param>
    public PseudonymTable(int maxEntries = 10_000)
    {
        MaxEntries = Throw.IfLessThan(maxEntries, 1);
    }

    /// <summary>Gets the most distinct values the table accepts.</summary>
    public int MaxEntries { get; }

    /// <summary>Gets the number of distinct values in the table.</summary>
    public int Count
    {
        get
        {
            lock (_gate)
            {
                return _byPlaceholder.Count;
            }
        }
    }

    /// <summary>Gets the placeholder of <paramref name="value"/>, issuing the next one of its type when it is new.</summary>
    /// <param name="entityType">The entity type, for example <c>PERSON</c>.</param>
    /// <param name="value">The personal data.</param>
    /// <returns>A placeholder such as <c>&lt;PERSON_1&gt;</c>.</returns>
    /// <exception cref="InvalidOperationException">The table already holds <see cref="MaxEntries"/> values.</exception>
    public string GetOrAdd(string entityType, string value)
    {
        Throw.IfNull(entityType);
        Throw.IfNull(value);
        string type = PlaceholderSyntax.NormalizeType(entityType);
        lock (_gate)
        {
            if (_byValue.TryGetValue((type, value), out string? existing))
            {
                return existing;
            }

            if (_byPlaceholder.Count >= MaxEntries)
            {
                throw new InvalidOperationException($"The pseudonym scope already holds its maximum of {MaxEntries} distinct values.");
            }

            int next = _counters.TryGetValue(type, out int n) ? n + 1 : 1;
            _counters[type] = next;
            string placeholder = PlaceholderSyntax.Format(type, next);
            _byValue[(type, value)] = placeholder;
            _byPlaceholder[placeholder] = value;
            return placeholder;
        }
    }

    /// <summary>Gets the value a placeholder of this table stands for.</summary>
    /// <param name="placeholder">The placeholder, for example <c>&lt;PERSON_1&gt;</c>.</param>
    /// <param name="value">The value, when the placeholder was issued by this table.</param>
    /// <returns><see langword="true"/> when this table issued <paramref name="placeholder"/>.</returns>
    public bool TryGetValue(string placeholder, [NotNullWhen(true)] out string? value)
    {
        Throw.IfNull(placeholder);
        lock (_gate)
        {
            return _byPlaceholder.TryGetValue(placeholder, out value);
        }
    }

    /// <summary>Replaces every placeholder this table issued with its value; other placeholder-like text stays as it is.</summary>
    /// <param name="text">The text.</param>
    /// <param name="jsonEscape"><see langword="true"/> to escape restored values for the inside of a JSON string.</param>
    /// <returns>The restored text.</returns>
    public string Restore(string text, bool jsonEscape = false)
    {
        Throw.IfNull(text);
        return PlaceholderRestorer.RestoreAll(text, p => TryGetValue(p, out string? v) ? v : null, jsonEscape, out _);
    }
}
