namespace Compliant.AI.Tests;

/// <summary>A theory that runs only when every named dataset is present, and is reported as skipped (with the reason) otherwise.</summary>
public sealed class DatasetTheoryAttribute : TheoryAttribute
{
    public DatasetTheoryAttribute(params string[] datasets)
    {
        string? missing = datasets.FirstOrDefault(d => Datasets.Find(d) is null);
        if (missing is not null)
        {
            Skip = Datasets.SkipReason(missing);
        }
    }
}
