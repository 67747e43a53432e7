using Compliant.AI.Internal;
using Compliant.AI.PromptInjection.Internal;

namespace Compliant.AI;

/// <summary>The default <see cref="IPromptInjectionDetector"/>: layered normalization, signatures and a small statistical model, offline.</summary>
/// <remarks>
/// <para>
/// Layers, each switchable in <see cref="PromptInjectionDetectionOptions"/>: Unicode folding (invisible characters,
/// look-alike letters, full-width forms, accents); decoding of base64, hexadecimal and percent-encoded payloads, which
/// are then scanned like the text; leetspeak undone and spaced-out letters joined, then scanned again; English and
/// German signatures (instruction override, role play, system-prompt requests and impersonation, delimiter and
/// chat-template injection, exfiltration, and — for documents and tool results only — text that tells the model how
/// to shape its answer); a logistic-regression model over hashed word and character n-grams, trained by
/// <c>eng/train-injection</c> and embedded in the assembly, with one head for the user's turn and one for untrusted
/// content (documents and tool results are scored sentence by sentence and the highest segment counts).
/// </para>
/// <para>
/// The score combines the model's probability p with the weight w of each signal that fired as
/// 1 − (1 − p) · Π(1 − w). The result names the signals, never the matched text. Thread-safe; linear in the text length.
/// </para>
/// </remarks>
public sealed class PromptInjectionDetector : IPromptInjectionDetector
{
    private readonly PromptInjectionDetectionOptions _options;
    private readonly InjectionModel? _model;

    /// <summary>Initializes a new instance of the <see cref="PromptInjectionDetector"/> class.</summary>
    /// <param name="options">The options; <see langword="null"/> uses the defaults. They are copied and validated.</param>
    /// <exception cref="Microsoft.Extensions.Options.OptionsValidationException">The options are invalid.</exception>
    public PromptInjectionDetector(PromptInjectionDetectionOptions? options = null)
        : this(options, null)
    {
    }

    internal PromptInjectionDetector(PromptInjectionDetectionOptions? options, InjectionModel? model)
    {
        _options = options?.Clone() ?? new PromptInjectionDetectionOptions();
        PromptInjectionDetectionOptionsValidator.ThrowIfInvalid(_options);
        _model = _options.UseModel ? model ?? InjectionModel.Embedded : null;
    }

    /// <inheritdoc />
    public PromptInjectionResult Detect(string text, PromptInjectionSource source = PromptInjectionSource.User, CancellationToken cancellationToken = default)
    {
        Throw.IfNull(text);
        cancellationToken.ThrowIfCancellationRequested();
        if (text.Length == 0)
        {
            return PromptInjectionResult.Clean;
        }

        bool untrusted = source != PromptInjectionSource.User;
        double threshold = source switch
        {
            PromptInjectionSource.Document => _options.DocumentThreshold,
            PromptInjectionSource.Tool => _options.ToolThreshold,
            _ => _options.UserThreshold,
        };

        var state = new Scan(untrusted);
        string folded = InjectionText.Fold(text, _options.FoldUnicode, out bool obfuscated);
        if (_options.UseSignatures)
        {
            InjectionSignatures.Match(folded, untrusted, state.Hits);
            if (obfuscated && state.Hits.Count > 0)
            {
                state.Extra.Add(PromptInjectionSignals.Obfuscated);
            }
        }

        List<Range>? segments = null;
        if (untrusted)
        {
            segments = [];
            TextSegments.Split(folded, segments);
            if (_options.DetectTaskInsertion && TaskInsertion.Matches(folded, segments))
            {
                state.Hits.Add(new SignatureHit(PromptInjectionSignals.TaskInsertion, TaskInsertion.Weight));
            }
        }

        double probability = ModelProbability(folded, untrusted, segments);
        if (_options.UseSignatures)
        {
            if (_options.UndoLeetspeak && InjectionText.UndoLeetspeak(folded) is { } leet)
            {
                ScanVariant(state, leet, PromptInjectionSignals.Leetspeak, squashed: false);
            }

            if (_options.JoinSpacedLetters && InjectionText.JoinSpacedLetters(folded) is { } joined)
            {
                ScanVariant(state, joined, PromptInjectionSignals.Spacing, squashed: true);
            }
        }

        if (!untrusted && _options.UseSignatures && QuestionAboutAssistants.Matches(folded))
        {
            // A question about how assistants behave, not an instruction to this one: keep the evidence, weakened.
            probability *= QuestionAboutAssistants.ModelFactor;
            for (int i = 0; i < state.Hits.Count; i++)
            {
                state.Hits[i] = state.Hits[i] with { Weight = Math.Min(state.Hits[i].Weight, QuestionAboutAssistants.SignatureCap) };
            }
        }

        cancellationToken.ThrowIfCancellationRequested();
        if (_options.DecodePayloads)
        {
            var payloads = new List<DecodedPayload>();
            PayloadDecoder.Decode(text, payloads);
            foreach (DecodedPayload payload in payloads)
            {
                string decoded = InjectionText.Fold(payload.Text, _options.FoldUnicode, out _);
                int before = state.Hits.Count;
                if (_options.UseSignatures)
                {
                    InjectionSignatures.Match(decoded, untrusted, state.Hits);
                }

                double decodedProbability = ModelProbability(decoded, untrusted, null);
                if (decodedProbability >= threshold)
                {
                    probability = Math.Max(probability, decodedProbability);
                    state.Extra.Add(PromptInjectionSignals.Model);
                }

                if (state.Hits.Count > before || decodedProbability >= threshold)
                {
                    state.Extra.Add(payload.Signal);
                }
            }
        }

        return Combine(state, probability, threshold);
    }

    private static void ScanVariant(Scan state, string variant, string signal, bool squashed)
    {
        var hits = new List<SignatureHit>();
        InjectionSignatures.Match(variant, state.Untrusted, hits);
        if (squashed)
        {
            InjectionSignatures.MatchSquashed(variant, hits);
        }

        bool added = false;
        foreach (SignatureHit hit in hits)
        {
            if (!state.Hits.Exists(h => h.Signal == hit.Signal))
            {
                state.Hits.Add(hit);
                added = true;
            }
        }

        if (added)
        {
            state.Extra.Add(signal);
        }
    }

    private double ModelProbability(string folded, bool untrusted, List<Range>? lineSegments)
    {
        if (_model is null)
        {
            return 0;
        }

        if (!untrusted)
        {
            return _model.Heads[InjectionModel.UserHead].Probability(folded);
        }

        ModelHead head = _model.Heads[InjectionModel.DocumentHead];

        // The model reads whole sentences: a hard-wrapped paragraph is unwrapped first (a fragment such as "and procedures
        // to limit uses and" gives it too little context and read as an instruction far too often).
        // Without a line break there is nothing to unwrap, and the segments already split for task insertion are the same.
        List<Range>? segments = lineSegments;
        if (segments is null || folded.Contains('\n', StringComparison.Ordinal))
        {
            segments = [];
            TextSegments.Split(folded, segments, joinWrappedLines: true);
        }

        double max = 0;
        foreach (Range segment in segments)
        {
            // Fewer words than a sentence give the model too little evidence (a one-line tool result such as "Sunny in
            // Berlin."); the signatures still see them.
            ReadOnlySpan<char> text = folded.AsSpan()[segment];
            if (WordCount(text) >= TextSegments.MinWords)
            {
                max = Math.Max(max, head.Probability(text));
            }
        }

        return max;
    }

    private static int WordCount(ReadOnlySpan<char> text)
    {
        int words = 0;
        bool inWord = false;
        foreach (char c in text)
        {
            bool wordChar = char.IsLetterOrDigit(c);
            if (wordChar && !inWord)
            {
                words++;
            }

            inWord = wordChar;
        }

        return words;
    }

    private static PromptInjectionResult Combine(Scan state, double probability, double threshold)
    {
        double clean = 1 - probability;
        if (state.Hits.Count == 0 && probability < threshold)
        {
            // Most text: no signature and the model below the operating point; the same arithmetic without the sets.
            double plain = Math.Clamp(1 - clean, 0, 1);
            return plain == 0 ? PromptInjectionResult.Clean : new PromptInjectionResult(plain, plain >= threshold, []);
        }

        var signals = new SortedSet<string>(StringComparer.Ordinal);
        foreach (var group in state.Hits.GroupBy(h => h.Signal, StringComparer.Ordinal))
        {
            clean *= 1 - group.Max(h => h.Weight);
            signals.Add(group.Key);
        }

        double score = Math.Clamp(1 - clean, 0, 1);
        if (probability >= threshold)
        {
            signals.Add(PromptInjectionSignals.Model);
        }

        if (signals.Count > 0)
        {
            signals.UnionWith(state.Extra);
        }

        return signals.Count == 0 && score == 0 ? PromptInjectionResult.Clean : new PromptInjectionResult(score, score >= threshold, [.. signals]);
    }

    private sealed class Scan(bool untrusted)
    {
        public bool Untrusted { get; } = untrusted;

        public List<SignatureHit> Hits { get; } = [];

        public HashSet<string> Extra { get; } = new(StringComparer.Ordinal);
    }
}
