namespace Compliant.AI.Text;

/// <summary>
/// The Porter (1980) suffix-stripping stemmer for English, as in Martin Porter's reference implementation
/// (including its two published departures: <c>-bli → -ble</c> and <c>-logi → -log</c>).
/// </summary>
/// <remarks>Operates in place on lower-case ASCII letters; words of two letters or fewer are left unchanged.</remarks>
internal ref struct PorterStemmer
{
    private readonly Span<char> _b;
    private int _k;
    private int _j;

    private PorterStemmer(Span<char> buffer, int length)
    {
        _b = buffer;
        _k = length - 1;
        _j = 0;
    }

    /// <summary>Stems <paramref name="word"/> (lower-case a-z only) in place and returns the stem's length.</summary>
    public static int Stem(Span<char> word)
    {
        if (word.Length <= 2)
        {
            return word.Length;
        }

        for (int i = 0; i < word.Length; i++)
        {
            if (word[i] is < 'a' or > 'z')
            {
                return word.Length;
            }
        }

        var stemmer = new PorterStemmer(word, word.Length);
        stemmer.Step1ab();
        if (stemmer._k > 0)
        {
            stemmer.Step1c();
            stemmer.Step2();
            stemmer.Step3();
            stemmer.Step4();
            stemmer.Step5();
        }

        return stemmer._k + 1;
    }

    /// <summary>Convenience overload for tests and callers holding a string.</summary>
    public static string Stem(string word)
    {
        char[] buffer = word.ToCharArray();
        int length = Stem(buffer.AsSpan());
        return new string(buffer, 0, length);
    }

    private readonly bool IsConsonant(int i) => _b[i] switch
    {
        'a' or 'e' or 'i' or 'o' or 'u' => false,
        'y' => i == 0 || !IsConsonant(i - 1),
        _ => true,
    };

    // The number of consonant-vowel sequences (VC) in b[0..j].
    private readonly int Measure()
    {
        int n = 0;
        int i = 0;
        while (true)
        {
            if (i > _j)
            {
                return n;
            }

            if (!IsConsonant(i))
            {
                break;
            }

            i++;
        }

        i++;
        while (true)
        {
            while (true)
            {
                if (i > _j)
                {
                    return n;
                }

                if (IsConsonant(i))
                {
                    break;
                }

                i++;
            }

            i++;
            n++;
            while (true)
            {
                if (i > _j)
                {
                    return n;
                }

                if (!IsConsonant(i))
                {
                    break;
                }

                i++;
            }

            i++;
        }
    }

    private readonly bool VowelInStem()
    {
        for (int i = 0; i <= _j; i++)
        {
            if (!IsConsonant(i))
            {
                return true;
            }
        }

        return false;
    }

    private readonly bool DoubleConsonant(int j) => j >= 1 && _b[j] == _b[j - 1] && IsConsonant(j);

    // consonant-vowel-consonant ending at i, where the last consonant is not w, x or y.
    private readonly bool Cvc(int i)
    {
        if (i < 2 || !IsConsonant(i) || IsConsonant(i - 1) || !IsConsonant(i - 2))
        {
            return false;
        }

        return _b[i] is not ('w' or 'x' or 'y');
    }

    private bool Ends(string s)
    {
        int length = s.Length;
        if (length > _k + 1 || s[length - 1] != _b[_k])
        {
            return false;
        }

        if (!_b.Slice(_k - length + 1, length).SequenceEqual(s))
        {
            return false;
        }

        _j = _k - length;
        return true;
    }

    private void SetTo(string s)
    {
        s.AsSpan().CopyTo(_b[(_j + 1)..]);
        _k = _j + s.Length;
    }

    private void ReplaceIfMeasured(string s)
    {
        if (Measure() > 0)
        {
            SetTo(s);
        }
    }

    private void Step1ab()
    {
        if (_b[_k] == 's')
        {
            if (Ends("sses"))
            {
                _k -= 2;
            }
            else if (Ends("ies"))
            {
                SetTo("i");
            }
            else if (_b[_k - 1] != 's')
            {
                _k--;
            }
        }

        if (Ends("eed"))
        {
            if (Measure() > 0)
            {
                _k--;
            }
        }
        else if ((Ends("ed") || Ends("ing")) && VowelInStem())
        {
            _k = _j;
            if (Ends("at"))
            {
                SetTo("ate");
            }
            else if (Ends("bl"))
            {
                SetTo("ble");
            }
            else if (Ends("iz"))
            {
                SetTo("ize");
            }
            else if (DoubleConsonant(_k))
            {
                _k--;
                if (_b[_k] is 'l' or 's' or 'z')
                {
                    _k++;
                }
            }
            else if (Measure() == 1 && Cvc(_k))
            {
                SetTo("e");
            }
        }
    }

    private void Step1c()
    {
        if (Ends("y") && VowelInStem())
        {
            _b[_k] = 'i';
        }
    }

    private void Step2()
    {
        switch (_b[_k - 1])
        {
            case 'a':
                if (Ends("ational")) { ReplaceIfMeasured("ate"); break; }
                if (Ends("tional")) { ReplaceIfMeasured("tion"); }
                break;
            case 'c':
                if (Ends("enci")) { ReplaceIfMeasured("ence"); break; }
                if (Ends("anci")) { ReplaceIfMeasured("ance"); }
                break;
            case 'e':
                if (Ends("izer")) { ReplaceIfMeasured("ize"); }
                break;
            case 'l':
                if (Ends("bli")) { ReplaceIfMeasured("ble"); break; }
                if (Ends("alli")) { ReplaceIfMeasured("al"); break; }
                if (Ends("entli")) { ReplaceIfMeasured("ent"); break; }
                if (Ends("eli")) { ReplaceIfMeasured("e"); break; }
                if (Ends("ousli")) { ReplaceIfMeasured("ous"); }
                break;
            case 'o':
                if (Ends("ization")) { ReplaceIfMeasured("ize"); break; }
                if (Ends("ation")) { ReplaceIfMeasured("ate"); break; }
                if (Ends("ator")) { ReplaceIfMeasured("ate"); }
                break;
            case 's':
                if (Ends("alism")) { ReplaceIfMeasured("al"); break; }
                if (Ends("iveness")) { ReplaceIfMeasured("ive"); break; }
                if (Ends("fulness")) { ReplaceIfMeasured("ful"); break; }
                if (Ends("ousness")) { ReplaceIfMeasured("ous"); }
                break;
            case 't':
                if (Ends("aliti")) { ReplaceIfMeasured("al"); break; }
                if (Ends("iviti")) { ReplaceIfMeasured("ive"); break; }
                if (Ends("biliti")) { ReplaceIfMeasured("ble"); }
                break;
            case 'g':
                if (Ends("logi")) { ReplaceIfMeasured("log"); }
                break;
        }
    }

    private void Step3()
    {
        switch (_b[_k])
        {
            case 'e':
                if (Ends("icate")) { ReplaceIfMeasured("ic"); break; }
                if (Ends("ative")) { ReplaceIfMeasured(string.Empty); break; }
                if (Ends("alize")) { ReplaceIfMeasured("al"); }
                break;
            case 'i':
                if (Ends("iciti")) { ReplaceIfMeasured("ic"); }
                break;
            case 'l':
                if (Ends("ical")) { ReplaceIfMeasured("ic"); break; }
                if (Ends("ful")) { ReplaceIfMeasured(string.Empty); }
                break;
            case 's':
                if (Ends("ness")) { ReplaceIfMeasured(string.Empty); }
                break;
        }
    }

    private void Step4()
    {
        switch (_b[_k - 1])
        {
            case 'a':
                if (Ends("al")) { break; }
                return;
            case 'c':
                if (Ends("ance") || Ends("ence")) { break; }
                return;
            case 'e':
                if (Ends("er")) { break; }
                return;
            case 'i':
                if (Ends("ic")) { break; }
                return;
            case 'l':
                if (Ends("able") || Ends("ible")) { break; }
                return;
            case 'n':
                if (Ends("ant") || Ends("ement") || Ends("ment") || Ends("ent")) { break; }
                return;
            case 'o':
                if (Ends("ion") && _j >= 0 && (_b[_j] == 's' || _b[_j] == 't')) { break; }
                if (Ends("ou")) { break; }
                return;
            case 's':
                if (Ends("ism")) { break; }
                return;
            case 't':
                if (Ends("ate") || Ends("iti")) { break; }
                return;
            case 'u':
                if (Ends("ous")) { break; }
                return;
            case 'v':
                if (Ends("ive")) { break; }
                return;
            case 'z':
                if (Ends("ize")) { break; }
                return;
            default:
                return;
        }

        if (Measure() > 1)
        {
            _k = _j;
        }
    }

    private void Step5()
    {
        _j = _k;
        if (_b[_k] == 'e')
        {
            int a = Measure();
            if (a > 1 || (a == 1 && !Cvc(_k - 1)))
            {
                _k--;
            }
        }

        if (_b[_k] == 'l' && DoubleConsonant(_k) && Measure() > 1)
        {
            _k--;
        }
    }
}
