using Compliant.AI;

namespace PolicyAssistant;

/// <summary>
/// Starts the one-off cost of PII detection on a second core while the main thread reads configuration, composes the
/// pipeline and loads the index. The built-in recognizers' non-backtracking expressions are built on first use (their
/// construction, not their matching, is most of a cold ask) and the name and place gazetteers load on first look-up;
/// both are shared process-wide, so detecting once in the background leaves them ready for the pipeline's detector.
/// Each expression is built once, in its type initializer: a detection that needs one still being built waits for it
/// rather than building it again.
/// </summary>
/// <remarks>
/// The warm-up text is synthetic (reserved example domains, a fictional 555-01xx number, a made-up address): it holds
/// no one's personal data, is never logged or audited, and its findings are discarded. It changes when work is done,
/// never what is detected.
/// </remarks>
public static class PiiWarmUp
{
    /// <summary>Text that reaches every built-in recognizer's expressions (dates, times, addresses, numbers, links).</summary>
    internal const string Text =
        "Reviewed on Monday, March 3, 2025 at 10:30 and 3 March 2025 (March 2025, 2025-03-03, 03/03/2025, born 1985). " +
        "Write to 100 Example Street, Apt 4, Springfield, IL 62704, to 12 Rue Exemple, to Unit 5, 10 Sample Road, " +
        "or to PSC 1234, Box 5678, APO AE 09012; postal code: SW1A 1AA; zip 62704. " +
        "Call 555-0100 ext. 12, mail info@example.org, visit https://www.example.org/help or example.com, host 192.0.2.1 or 2001:db8::1. " +
        "Account 00012345678, MRN: 0000000, SSN: 000-00-0000, card 4000 0000 0000 0002, NHS 000 000 0000, IBAN GB00 TEST 0000 0000 0000 00, " +
        "SWIFT TESTGB2L, passport 000000000, driver license D0000000.";

    /// <summary>Starts warming up on the thread pool; the task never faults (a failed warm-up only means a slower first ask).</summary>
    /// <param name="detector">Creates the detector to warm (its built-in expressions and gazetteers are shared by every detector in the process).</param>
    public static Task Start(Func<IPiiDetector> detector) => Task.Run(() =>
    {
        try
        {
            _ = detector().Detect(Text);
        }
        catch (Exception ex) when (ex is not OutOfMemoryException)
        {
            // Ignored: the pipeline's own first detection does the same work and reports its own errors.
        }
    });
}
