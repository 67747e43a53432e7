namespace PolicyService.Tests;

/// <summary>
/// A fact that needs a Chromium binary (COMPLIANT_TEST_CHROMIUM, else /usr/bin/chromium). Reported as skipped, with the
/// reason, where none is found — except under COMPLIANT_CI=1, where it runs and fails.
/// </summary>
public sealed class ChromiumFactAttribute : FactAttribute
{
    public ChromiumFactAttribute()
    {
        if (Path is null && Environment.GetEnvironmentVariable("COMPLIANT_CI") != "1")
        {
            Skip = "No Chromium found: set COMPLIANT_TEST_CHROMIUM to a Chromium binary (Debian: apt-get install chromium) to run the browser test.";
        }
    }

    /// <summary>Gets the Chromium binary to drive, or null when there is none.</summary>
    public static string? Path
    {
        get
        {
            string? configured = Environment.GetEnvironmentVariable("COMPLIANT_TEST_CHROMIUM");
            string candidate = !string.IsNullOrWhiteSpace(configured) ? configured : "/usr/bin/chromium";
            return System.IO.File.Exists(candidate) ? candidate : null;
        }
    }
}
