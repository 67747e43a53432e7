namespace Compliant.AI;

/// <summary>The JSON Schema drafts that <see cref="JsonSchemaValidator"/> understands.</summary>
public enum JsonSchemaDialect
{
    /// <summary>JSON Schema draft 2020-12 (the default, and what <c>GetResponseAsync&lt;T&gt;</c> generates).</summary>
    Draft202012,

    /// <summary>JSON Schema draft 7.</summary>
    Draft7,
}
