namespace TicketTriage.Classifier;

/// <summary>The class probabilities of one ticket and which stage of the cascade produced them.</summary>
/// <param name="Probabilities">The probability of each class, in <see cref="TicketClassifier.Classes"/> order.</param>
/// <param name="Embedded">
/// <see langword="true"/> when the ticket was embedded with MiniLM and scored by the full head; <see langword="false"/>
/// when the lexical head alone was confident enough to answer.
/// </param>
internal sealed record TicketScore(float[] Probabilities, bool Embedded)
{
    /// <summary>
    /// Returns the most probable class among <paramref name="allowed"/> and its probability renormalized over them, so
    /// the confidence is over what may be answered; -1 when no class is allowed.
    /// </summary>
    public static (int Best, float Confidence) Top(ReadOnlySpan<float> probabilities, bool[]? allowed)
    {
        int best = -1;
        float total = 0;
        for (int c = 0; c < probabilities.Length; c++)
        {
            if (allowed is null || allowed[c])
            {
                total += probabilities[c];
                if (best < 0 || probabilities[c] > probabilities[best])
                {
                    best = c;
                }
            }
        }

        return best < 0 ? (-1, 0f) : (best, total > 0 ? probabilities[best] / total : 0f);
    }
}
