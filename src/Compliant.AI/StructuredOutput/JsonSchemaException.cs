namespace Compliant.AI;

/// <summary>The exception thrown when a JSON schema cannot be compiled (malformed, unsupported or unresolvable).</summary>
public sealed class JsonSchemaException : Exception
{
    /// <summary>Initializes a new instance of the <see cref="JsonSchemaException"/> class.</summary>
    public JsonSchemaException()
        : this("The JSON schema is invalid.")
    {
    }

    /// <summary>Initializes a new instance of the <see cref="JsonSchemaException"/> class.</summary>
    /// <param name="message">The message.</param>
    public JsonSchemaException(string message)
        : this(message, schemaPath: null, innerException: null)
    {
    }

    /// <summary>Initializes a new instance of the <see cref="JsonSchemaException"/> class.</summary>
    /// <param name="message">The message.</param>
    /// <param name="innerException">The cause.</param>
    public JsonSchemaException(string message, Exception? innerException)
        : this(message, schemaPath: null, innerException)
    {
    }

    /// <summary>Initializes a new instance of the <see cref="JsonSchemaException"/> class.</summary>
    /// <param name="message">The message.</param>
    /// <param name="schemaPath">The location in the schema at fault (for example <c>#/properties/a/minimum</c>).</param>
    /// <param name="innerException">The cause.</param>
    public JsonSchemaException(string message, string? schemaPath, Exception? innerException = null)
        : base(schemaPath is null ? message : $"{message} (at {schemaPath})", innerException)
    {
        SchemaPath = schemaPath;
    }

    /// <summary>Gets the location in the schema at fault, when known.</summary>
    public string? SchemaPath { get; }
}
