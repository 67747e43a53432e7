using System.Globalization;
using System.Text.Json;

namespace Compliant.AI.StructuredOutput.Internal;

/// <summary>A number from a schema or an instance, exact as <see cref="decimal"/> when it fits, else as <see cref="double"/>.</summary>
internal readonly struct SchemaNumber
{
    private SchemaNumber(decimal? exact, double approximate)
    {
        Exact = exact;
        Approximate = approximate;
    }

    public decimal? Exact { get; }

    public double Approximate { get; }

    public static SchemaNumber From(JsonElement element)
    {
        if (element.TryGetDecimal(out decimal d))
        {
            return new SchemaNumber(d, (double)d);
        }

        return new SchemaNumber(null, ParseDouble(element));
    }

    public static double ParseDouble(JsonElement element) =>
        element.TryGetDouble(out double x) ? x : double.Parse(element.GetRawText(), NumberStyles.Float, CultureInfo.InvariantCulture);

    /// <summary>Compares an instance number with this limit: negative when the instance is smaller.</summary>
    public int CompareInstance(in SchemaNumber instance) =>
        instance.Exact is decimal a && Exact is decimal b ? a.CompareTo(b) : instance.Approximate.CompareTo(Approximate);

    /// <summary>Returns whether the instance is a multiple of this (positive) divisor.</summary>
    public bool DividesInstance(in SchemaNumber instance)
    {
        if (instance.Exact is decimal a && Exact is decimal b)
        {
            try
            {
                return a % b == 0m;
            }
            catch (OverflowException)
            {
                // fall through to the floating-point check
            }
        }

        double q = instance.Approximate / Approximate;
        return double.IsFinite(q) && Math.Abs(q - Math.Round(q)) < 1e-9 * Math.Max(1, Math.Abs(q));
    }

    public static bool IsInteger(JsonElement element)
    {
        if (element.TryGetDecimal(out decimal d))
        {
            return d == decimal.Truncate(d);
        }

        if (element.TryGetDouble(out double x) && double.IsFinite(x))
        {
            return Math.Floor(x) == x;
        }

        return IsIntegerText(element.GetRawText());
    }

    /// <summary>Decides integrality from the literal of a number too large for <see cref="double"/>.</summary>
    private static bool IsIntegerText(string raw)
    {
        int e = raw.IndexOfAny(['e', 'E']);
        string mantissa = e < 0 ? raw : raw[..e];
        long exponent = e < 0 ? 0 : long.Parse(raw.AsSpan(e + 1), NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture);
        int dot = mantissa.IndexOf('.', StringComparison.Ordinal);
        if (dot < 0)
        {
            return exponent >= 0 || mantissa.TrimEnd('0').Length <= mantissa.Length + exponent;
        }

        int fractionDigits = mantissa[(dot + 1)..].TrimEnd('0').Length;
        return fractionDigits <= exponent;
    }

    public override string ToString() =>
        Exact is decimal d ? d.ToString(CultureInfo.InvariantCulture) : Approximate.ToString("R", CultureInfo.InvariantCulture);
}
