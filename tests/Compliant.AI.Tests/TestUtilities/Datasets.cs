namespace Compliant.AI.Tests;

/// <summary>Finds the third-party evaluation datasets in <c>../shared/data/NAME</c> beside the repository (never inside it).</summary>
/// <remarks>
/// The folder is found from <c>COMPLIANT_DATA_DIR</c> when set, else by walking up from the test assembly to a folder
/// that has <c>shared/data</c>. A user's fresh clone has none, and tests that need it report themselves as skipped.
/// </remarks>
public static class Datasets
{
    private static readonly Lazy<string?> Root = new(FindRoot);

    public static string? RootDirectory => Root.Value;

    /// <summary>Returns the full path of a dataset folder, or <see langword="null"/> when it is not present.</summary>
    public static string? Find(string name)
    {
        if (Root.Value is null)
        {
            return null;
        }

        string path = Path.Combine(Root.Value, name);
        return Directory.Exists(path) ? path : null;
    }

    public static string SkipReason(string name) =>
        $"dataset '{name}' not found: set COMPLIANT_DATA_DIR or place it at ../shared/data/{name} beside the repository";

    private static string? FindRoot()
    {
        string? fromEnv = Environment.GetEnvironmentVariable("COMPLIANT_DATA_DIR");
        if (!string.IsNullOrEmpty(fromEnv))
        {
            return Directory.Exists(fromEnv) ? fromEnv : null;
        }

        for (DirectoryInfo? dir = new(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            string candidate = Path.Combine(dir.FullName, "shared", "data");
            if (Directory.Exists(candidate))
            {
                return candidate;
            }
        }

        return null;
    }
}

/// <summary>A fact that runs only when the named dataset is present, and is reported as skipped (with the reason) otherwise.</summary>
public sealed class DatasetFactAttribute : FactAttribute
{
    public DatasetFactAttribute(string dataset)
    {
        if (Datasets.Find(dataset) is null)
        {
            Skip = Datasets.SkipReason(dataset);
        }
    }

    /// <summary>
    /// An environment variable that must be <c>1</c> for the fact to run (a costly comparison CI skips); without it the fact
    /// is reported as skipped, naming the variable.
    /// </summary>
    public string? RequiresEnvironment
    {
        get => field;
        set
        {
            field = value;
            if (Skip is null && value is not null && Environment.GetEnvironmentVariable(value) != "1")
            {
                Skip = $"set {value}=1 to run this comparison (it is costly, so CI skips it)";
            }
        }
    }
}
