using Compliant.AI.Internal;
using Microsoft.Extensions.Options;

namespace Compliant.AI.Tests;

public sealed class QdrantOptionsTests
{
    [Fact]
    public void Defaults_AreDocumentedValues()
    {
        var options = new QdrantOptions();

        Assert.Equal("Compliant:Qdrant", QdrantOptions.SectionName);
        Assert.Null(options.Endpoint);
        Assert.Null(options.ApiKey);
        Assert.Equal("compliant_chunks", options.Collection);
        Assert.Equal(384, options.VectorSize);
        Assert.Equal(QdrantDistance.Cosine, options.Distance);
        Assert.True(options.CreateCollectionIfMissing);
        Assert.Equal(TimeSpan.FromSeconds(30), options.RequestTimeout);
        Assert.Equal(128, options.UpsertBatchSize);
        Assert.Equal(256, options.ScrollPageSize);
        Assert.Equal(0, options.QueryOversampling);
    }

    [Fact]
    public void Validate_ValidOptions_Succeeds()
    {
        ValidateOptionsResult result = new QdrantOptionsValidator().Validate(null, new QdrantOptions { Endpoint = new Uri("http://localhost:6334") });
        Assert.True(result.Succeeded, result.FailureMessage);
    }

    [Theory]
    [InlineData(nameof(QdrantOptions.Endpoint), "Endpoint")]
    [InlineData("RelativeEndpoint", "absolute http or https URI")]
    [InlineData("FtpEndpoint", "absolute http or https URI")]
    [InlineData("EndpointWithPath", "must not have a path")]
    [InlineData(nameof(QdrantOptions.Collection), "collection name may contain only")]
    [InlineData("EmptyCollection", "Collection")]
    [InlineData(nameof(QdrantOptions.VectorSize), "VectorSize")]
    [InlineData(nameof(QdrantOptions.RequestTimeout), "request timeout must be positive")]
    [InlineData("HugeTimeout", "at most one hour")]
    [InlineData(nameof(QdrantOptions.UpsertBatchSize), "UpsertBatchSize")]
    [InlineData(nameof(QdrantOptions.ScrollPageSize), "ScrollPageSize")]
    [InlineData(nameof(QdrantOptions.QueryOversampling), "QueryOversampling")]
    [InlineData(nameof(QdrantOptions.Distance), "Distance")]
    public void Validate_InvalidValue_FailsWithMessage(string broken, string expectedInMessage)
    {
        var options = new QdrantOptions { Endpoint = new Uri("http://localhost:6334") };
        switch (broken)
        {
            case nameof(QdrantOptions.Endpoint): options.Endpoint = null; break;
            case "RelativeEndpoint": options.Endpoint = new Uri("qdrant/api", UriKind.Relative); break;
            case "FtpEndpoint": options.Endpoint = new Uri("ftp://localhost:6334"); break;
            case "EndpointWithPath": options.Endpoint = new Uri("https://gateway.test/qdrant"); break;
            case nameof(QdrantOptions.Collection): options.Collection = "bad name/with slash"; break;
            case "EmptyCollection": options.Collection = string.Empty; break;
            case nameof(QdrantOptions.VectorSize): options.VectorSize = 0; break;
            case nameof(QdrantOptions.RequestTimeout): options.RequestTimeout = TimeSpan.Zero; break;
            case "HugeTimeout": options.RequestTimeout = TimeSpan.FromHours(2); break;
            case nameof(QdrantOptions.UpsertBatchSize): options.UpsertBatchSize = 0; break;
            case nameof(QdrantOptions.ScrollPageSize): options.ScrollPageSize = 0; break;
            case nameof(QdrantOptions.QueryOversampling): options.QueryOversampling = -1; break;
            case nameof(QdrantOptions.Distance): options.Distance = (QdrantDistance)42; break;
        }

        ValidateOptionsResult result = new QdrantOptionsValidator().Validate(null, options);

        Assert.True(result.Failed);
        Assert.Contains(expectedInMessage, result.FailureMessage, StringComparison.Ordinal);
    }
}
