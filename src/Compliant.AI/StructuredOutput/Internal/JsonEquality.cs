using System.Buffers;
using System.Runtime.InteropServices;
using System.Text;
using System.Text.Json;

namespace Compliant.AI.StructuredOutput.Internal;

/// <summary>JSON equality for <c>uniqueItems</c>: a hash consistent with <see cref="JsonElement.DeepEquals"/>, so an array is checked in linear expected time instead of comparing every pair.</summary>
/// <remarks>
/// Equal values hash equally: numbers by their mathematical value (<c>1</c>, <c>1.0</c> and <c>1e0</c> alike), strings
/// by their unescaped text, objects regardless of property order. Equal hashes are confirmed with
/// <see cref="JsonElement.DeepEquals"/>.
/// </remarks>
internal static class JsonEquality
{
    public static bool AreUnique(JsonElement array, EvaluationContext context)
    {
        int length = array.GetArrayLength();
        if (length <= SmallArray)
        {
            return AreUniquePairwise(array, length, context);
        }

        var seen = new Dictionary<int, List<JsonElement>>(length);
        foreach (JsonElement item in array.EnumerateArray())
        {
            context.AddWork(1 + (JsonMarshal.GetRawUtf8Value(item).Length / 64));
            int hash = Hash(item);
            if (!seen.TryGetValue(hash, out List<JsonElement>? bucket))
            {
                seen.Add(hash, [item]);
                continue;
            }

            foreach (JsonElement other in bucket)
            {
                context.AddWork(1 + (JsonMarshal.GetRawUtf8Value(item).Length / 64));
                if (SameKind(item, other) && JsonElement.DeepEquals(item, other))
                {
                    return false;
                }
            }

            bucket.Add(item);
        }

        return true;
    }

    /// <summary>Arrays up to this length are compared pairwise: at most 120 comparisons, and no allocation.</summary>
    private const int SmallArray = 16;

    private static bool AreUniquePairwise(JsonElement array, int length, EvaluationContext context)
    {
        for (int i = 0; i < length; i++)
        {
            JsonElement a = array[i];
            for (int j = i + 1; j < length; j++)
            {
                JsonElement b = array[j];
                context.AddWork(1);
                if (SameKind(a, b) && JsonElement.DeepEquals(a, b))
                {
                    return false;
                }
            }
        }

        return true;
    }

    private static bool SameKind(JsonElement a, JsonElement b) =>
        a.ValueKind == b.ValueKind || (IsBoolean(a) && IsBoolean(b));

    private static bool IsBoolean(JsonElement e) => e.ValueKind is JsonValueKind.True or JsonValueKind.False;

    internal static int Hash(JsonElement element)
    {
        switch (element.ValueKind)
        {
            case JsonValueKind.Object:
            {
                // order-insensitive: a sum of per-property hashes
                int sum = 0;
                foreach (JsonProperty property in element.EnumerateObject())
                {
                    sum = unchecked(sum + HashCode.Combine(HashName(property), Hash(property.Value)));
                }

                return HashCode.Combine(JsonValueKind.Object, sum);
            }

            case JsonValueKind.Array:
            {
                var hash = new HashCode();
                hash.Add(JsonValueKind.Array);
                foreach (JsonElement item in element.EnumerateArray())
                {
                    hash.Add(Hash(item));
                }

                return hash.ToHashCode();
            }

            case JsonValueKind.String:
                return HashCode.Combine(JsonValueKind.String, HashText(JsonMarshal.GetRawUtf8Value(element)[1..^1], element));
            case JsonValueKind.Number:
                return HashNumber(JsonMarshal.GetRawUtf8Value(element));
            default:
                return (int)element.ValueKind;
        }
    }

    private static int HashName(JsonProperty property)
    {
        ReadOnlySpan<byte> raw = JsonMarshal.GetRawUtf8PropertyName(property);
        return raw.IndexOf((byte)'\\') < 0 ? Bytes(raw) : Bytes(Encoding.UTF8.GetBytes(property.Name));
    }

    private static int HashText(ReadOnlySpan<byte> raw, JsonElement element) =>
        raw.IndexOf((byte)'\\') < 0 ? Bytes(raw) : Bytes(Encoding.UTF8.GetBytes(element.GetString()!));

    private static int Bytes(ReadOnlySpan<byte> bytes)
    {
        var hash = new HashCode();
        hash.AddBytes(bytes);
        return hash.ToHashCode();
    }

    /// <summary>Hashes a number by its value: significant digits without leading or trailing zeros, and the decimal point's position.</summary>
    private static int HashNumber(ReadOnlySpan<byte> raw)
    {
        bool negative = raw.Length > 0 && raw[0] == (byte)'-';
        if (negative)
        {
            raw = raw[1..];
        }

        int e = raw.IndexOfAny((byte)'e', (byte)'E');
        ReadOnlySpan<byte> mantissa = e < 0 ? raw : raw[..e];
        long exponent = 0;
        if (e >= 0)
        {
            ReadOnlySpan<byte> digits = raw[(e + 1)..];
            bool negativeExponent = digits.Length > 0 && digits[0] == (byte)'-';
            if (digits.Length > 0 && digits[0] is (byte)'-' or (byte)'+')
            {
                digits = digits[1..];
            }

            if (digits.Length > 15)
            {
                return HashCode.Combine(JsonValueKind.Number, "huge exponent");
            }

            foreach (byte d in digits)
            {
                exponent = (exponent * 10) + (d - '0');
            }

            if (negativeExponent)
            {
                exponent = -exponent;
            }
        }

        int dot = mantissa.IndexOf((byte)'.');
        long point = dot < 0 ? mantissa.Length : dot;
        byte[]? rented = null;
        Span<byte> significant = mantissa.Length <= 256 ? stackalloc byte[mantissa.Length] : (rented = ArrayPool<byte>.Shared.Rent(mantissa.Length));
        try
        {
            int count = 0;
            foreach (byte b in mantissa)
            {
                if (b != (byte)'.')
                {
                    significant[count++] = b;
                }
            }

            Span<byte> digits = significant[..count];
            int leading = digits.IndexOfAnyExcept((byte)'0');
            if (leading < 0)
            {
                return HashCode.Combine(JsonValueKind.Number, 0); // zero, whatever its sign or form
            }

            point -= leading;
            digits = digits[leading..];
            digits = digits[..(digits.LastIndexOfAnyExcept((byte)'0') + 1)];
            return HashCode.Combine(JsonValueKind.Number, negative, point + exponent, Bytes(digits));
        }
        finally
        {
            if (rented is not null)
            {
                ArrayPool<byte>.Shared.Return(rented);
            }
        }
    }
}
