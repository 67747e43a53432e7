using Microsoft.Extensions.Options;

namespace Compliant.AI.Internal;

/// <summary>Validates <see cref="QdrantOptions"/>: the DataAnnotations plus the rules attributes cannot express trim-safely.</summary>
internal sealed class QdrantOptionsValidator : IValidateOptions<QdrantOptions>
{
    private static readonly TimeSpan MaxTimeout = TimeSpan.FromHours(1);
    private readonly QdrantOptionsAnnotationsValidator _annotations = new();

    public ValidateOptionsResult Validate(string? name, QdrantOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var builder = new ValidateOptionsResultBuilder();
        builder.AddResult(_annotations.Validate(name, options));

        if (options.Endpoint is { } endpoint && (!endpoint.IsAbsoluteUri || (endpoint.Scheme != Uri.UriSchemeHttp && endpoint.Scheme != Uri.UriSchemeHttps)))
        {
            builder.AddError("The endpoint must be an absolute http or https URI, for example http://localhost:6334.", nameof(QdrantOptions.Endpoint));
        }
        else if (options.Endpoint is { } grpcEndpoint && grpcEndpoint.AbsolutePath is not "/" and not "")
        {
            builder.AddError("The endpoint must not have a path: gRPC calls go to the server root (/qdrant.Points/...), so a gateway path prefix cannot be kept.", nameof(QdrantOptions.Endpoint));
        }

        if (options.RequestTimeout <= TimeSpan.Zero || options.RequestTimeout > MaxTimeout)
        {
            builder.AddError("The request timeout must be positive and at most one hour.", nameof(QdrantOptions.RequestTimeout));
        }

        return builder.Build();
    }
}
