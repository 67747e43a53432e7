namespace Compliant.AI.StructuredOutput.Internal;

/// <summary>URI and JSON Pointer helpers of the schema engine: resolving <c>$id</c>/<c>$ref</c> against a base, stripping fragments, escaping pointer segments.</summary>
internal static class SchemaUri
{
    /// <summary>Resolves <paramref name="reference"/> against the resource key <paramref name="baseKey"/>.</summary>
    public static string Resolve(string baseKey, string reference)
    {
        if (reference.StartsWith('#'))
        {
            return baseKey + reference;
        }

        if (Uri.TryCreate(reference, UriKind.Absolute, out Uri? absolute) && !reference.StartsWith('/'))
        {
            return absolute.OriginalString;
        }

        if (Uri.TryCreate(baseKey, UriKind.Absolute, out Uri? baseUri) && baseUri.IsAbsoluteUri && (baseUri.Scheme == Uri.UriSchemeHttp || baseUri.Scheme == Uri.UriSchemeHttps || baseUri.Scheme == Uri.UriSchemeFile)
            && Uri.TryCreate(baseUri, reference, out Uri? combined))
        {
            return combined.AbsoluteUri;
        }

        // non-hierarchical base (urn:): resolve against the base as an opaque prefix
        return reference;
    }

    /// <summary>Returns <paramref name="uri"/> without its fragment.</summary>
    public static string StripFragment(string uri)
    {
        int hash = uri.IndexOf('#', StringComparison.Ordinal);
        return hash < 0 ? uri : uri[..hash];
    }

    /// <summary>Escapes a property name as a JSON Pointer segment (<c>~</c> → <c>~0</c>, <c>/</c> → <c>~1</c>).</summary>
    public static string Escape(string name) => name.Replace("~", "~0", StringComparison.Ordinal).Replace("/", "~1", StringComparison.Ordinal);
}
