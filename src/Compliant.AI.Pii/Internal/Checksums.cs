namespace Compliant.AI.Pii.Internal;

/// <summary>Checksum and validity rules for identifiers; every method ignores separators (space, '-', '.', '/').</summary>
internal static class Checksums
{
    public static int Digits(ReadOnlySpan<char> value, Span<byte> digits)
    {
        int n = 0;
        foreach (char c in value)
        {
            if (c is >= '0' and <= '9')
            {
                if (n == digits.Length)
                {
                    return -1;
                }

                digits[n++] = (byte)(c - '0');
            }
        }

        return n;
    }

    public static bool Luhn(ReadOnlySpan<byte> digits)
    {
        int sum = 0;
        bool dbl = false;
        for (int i = digits.Length - 1; i >= 0; i--)
        {
            int d = digits[i];
            if (dbl)
            {
                d *= 2;
                if (d > 9)
                {
                    d -= 9;
                }
            }

            sum += d;
            dbl = !dbl;
        }

        return sum % 10 == 0;
    }

    /// <summary>A payment card: 13-19 digits, Luhn-valid, a plausible issuer prefix, and not one repeated digit.</summary>
    public static bool IsCreditCard(ReadOnlySpan<char> value)
    {
        Span<byte> d = stackalloc byte[20];
        int n = Digits(value, d);
        if (n is < 12 or > 19)
        {
            return false;
        }

        d = d[..n];
        if (AllSame(d) || !Luhn(d))
        {
            return false;
        }

        int p2 = (d[0] * 10) + d[1];
        int p4 = (p2 * 100) + (d[2] * 10) + d[3];
        int p6 = (p4 * 100) + (d[4] * 10) + d[5];
        return d[0] switch
        {
            4 => n is 13 or 16 or 19, // Visa
            _ when n == 12 => d[0] is 5 or 6 && (p2 is 50 or (>= 56 and <= 69)), // Maestro (12 digits)
            5 => (p2 is >= 51 and <= 55 && n == 16) || (p2 is 50 or (>= 56 and <= 58) && n is >= 12 and <= 19), // Mastercard, Maestro
            2 => (p6 is >= 222100 and <= 272099 && n == 16) || (p4 == 2131 && n == 15), // Mastercard 2-series, JCB 2131
            3 => (p2 is 34 or 37 && n == 15) || (p2 is 36 or 38 or 39 or 30 && n is >= 14 and <= 19) || (p2 == 35 && n is >= 16 and <= 19), // Amex, Diners, JCB
            6 => n is >= 13 and <= 19 && p2 is >= 60 and <= 69, // Discover, UnionPay, Maestro, RuPay
            1 => n == 15, // UATP, JCB 1800
            _ => false,
        };
    }

    /// <summary>A US SSN: area not 000, 666 or 900-999; group not 00; serial not 0000; not a known advertised or test number.</summary>
    public static bool IsUsSsn(ReadOnlySpan<char> value)
    {
        if (!IsUsSsnStructure(value))
        {
            return false;
        }

        Span<byte> d = stackalloc byte[10];
        Digits(value, d);
        int full = 0;
        for (int i = 0; i < 9; i++)
        {
            full = (full * 10) + d[i];
        }

        // Advertised and example numbers that were never issued (Woolworth's wallet card, SSA pamphlets), and repeated digits.
        return full is not (078051120 or 219099999 or 123456789 or 111111111 or 222222222 or 333333333 or 444444444 or 555555555 or 777777777 or 888888888 or 987654320);
    }

    /// <summary>The SSA structural rules only: area not 000, 666 or 900-999; group not 00; serial not 0000.</summary>
    public static bool IsUsSsnStructure(ReadOnlySpan<char> value)
    {
        Span<byte> d = stackalloc byte[10];
        int n = Digits(value, d);
        if (n != 9)
        {
            return false;
        }

        int area = (d[0] * 100) + (d[1] * 10) + d[2];
        int group = (d[3] * 10) + d[4];
        int serial = (d[5] * 1000) + (d[6] * 100) + (d[7] * 10) + d[8];
        return area != 0 && area != 666 && area < 900 && group != 0 && serial != 0;
    }

    /// <summary>An IBAN: a known country with its length, and mod-97 equal to 1.</summary>
    public static bool IsIban(ReadOnlySpan<char> value)
    {
        Span<char> buf = stackalloc char[40];
        int n = 0;
        foreach (char c in value)
        {
            if (c is ' ' or '-')
            {
                continue;
            }

            if (n == buf.Length || !char.IsAsciiLetterOrDigit(c))
            {
                return false;
            }

            buf[n++] = char.ToUpperInvariant(c);
        }

        if (n < 15 || !char.IsAsciiLetterUpper(buf[0]) || !char.IsAsciiLetterUpper(buf[1]) || !char.IsAsciiDigit(buf[2]) || !char.IsAsciiDigit(buf[3]))
        {
            return false;
        }

        int expected = IbanLength(buf[0], buf[1]);
        if (expected != n)
        {
            return false;
        }

        int rem = 0;
        for (int k = 0; k < n; k++)
        {
            char c = buf[(k + 4) % n];
            if (char.IsAsciiDigit(c))
            {
                rem = ((rem * 10) + (c - '0')) % 97;
            }
            else
            {
                int v = c - 'A' + 10;
                rem = ((rem * 100) + v) % 97;
            }
        }

        return rem == 1;
    }

    /// <summary>A UK NHS number: ten digits, mod-11 check digit.</summary>
    public static bool IsUkNhs(ReadOnlySpan<char> value)
    {
        Span<byte> d = stackalloc byte[11];
        int n = Digits(value, d);
        if (n != 10 || AllSame(d[..10]))
        {
            return false;
        }

        int sum = 0;
        for (int i = 0; i < 9; i++)
        {
            sum += d[i] * (10 - i);
        }

        int check = 11 - (sum % 11);
        if (check == 11)
        {
            check = 0;
        }

        return check != 10 && check == d[9];
    }

    /// <summary>An ABA routing number checksum (3-7-1 weights).</summary>
    public static bool IsAbaRouting(ReadOnlySpan<byte> d) =>
        d.Length == 9 && ((3 * (d[0] + d[3] + d[6])) + (7 * (d[1] + d[4] + d[7])) + d[2] + d[5] + d[8]) % 10 == 0;

    public static bool AllSame(ReadOnlySpan<byte> d)
    {
        for (int i = 1; i < d.Length; i++)
        {
            if (d[i] != d[0])
            {
                return false;
            }
        }

        return true;
    }

    private static int IbanLength(char a, char b) => (a, b) switch
    {
        ('A', 'D') => 24, ('A', 'E') => 23, ('A', 'L') => 28, ('A', 'T') => 20, ('A', 'Z') => 28,
        ('B', 'A') => 20, ('B', 'E') => 16, ('B', 'G') => 22, ('B', 'H') => 22, ('B', 'R') => 29, ('B', 'Y') => 28,
        ('C', 'H') => 21, ('C', 'R') => 22, ('C', 'Y') => 28, ('C', 'Z') => 24,
        ('D', 'E') => 22, ('D', 'K') => 18, ('D', 'O') => 28,
        ('E', 'E') => 20, ('E', 'G') => 29, ('E', 'S') => 24,
        ('F', 'I') => 18, ('F', 'O') => 18, ('F', 'R') => 27,
        ('G', 'B') => 22, ('G', 'E') => 22, ('G', 'I') => 23, ('G', 'L') => 18, ('G', 'R') => 27, ('G', 'T') => 28,
        ('H', 'R') => 21, ('H', 'U') => 28,
        ('I', 'E') => 22, ('I', 'L') => 23, ('I', 'Q') => 23, ('I', 'S') => 26, ('I', 'T') => 27,
        ('J', 'O') => 30, ('K', 'W') => 30, ('K', 'Z') => 20,
        ('L', 'B') => 28, ('L', 'C') => 32, ('L', 'I') => 21, ('L', 'T') => 20, ('L', 'U') => 20, ('L', 'V') => 21, ('L', 'Y') => 25,
        ('M', 'C') => 27, ('M', 'D') => 24, ('M', 'E') => 22, ('M', 'K') => 19, ('M', 'R') => 27, ('M', 'T') => 31, ('M', 'U') => 30,
        ('N', 'L') => 18, ('N', 'O') => 15,
        ('P', 'K') => 24, ('P', 'L') => 28, ('P', 'S') => 29, ('P', 'T') => 25,
        ('Q', 'A') => 29, ('R', 'O') => 24, ('R', 'S') => 22, ('R', 'U') => 33,
        ('S', 'A') => 24, ('S', 'C') => 31, ('S', 'D') => 18, ('S', 'E') => 24, ('S', 'I') => 19, ('S', 'K') => 24, ('S', 'M') => 27, ('S', 'T') => 25, ('S', 'V') => 28,
        ('T', 'L') => 23, ('T', 'N') => 24, ('T', 'R') => 26,
        ('U', 'A') => 29, ('V', 'A') => 22, ('V', 'G') => 24, ('X', 'K') => 20,
        _ => -1,
    };
}
