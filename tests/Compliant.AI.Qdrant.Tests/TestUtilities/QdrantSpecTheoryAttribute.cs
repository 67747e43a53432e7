using Compliant.AI.Tests.Contract;

namespace Compliant.AI.Tests;

/// <summary>A theory that runs only when the <c>qdrant-openapi</c> dataset is present, and is reported as skipped otherwise.</summary>
public sealed class QdrantSpecTheoryAttribute : TheoryAttribute
{
    public QdrantSpecTheoryAttribute()
    {
        if (Datasets.Find(QdrantOpenApiSpec.DatasetName) is null)
        {
            Skip = Datasets.SkipReason(QdrantOpenApiSpec.DatasetName);
        }
    }
}
