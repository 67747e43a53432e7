namespace Compliant.AI;

/// <summary>The database's audit schema is missing, older or newer than this code; nothing was written.</summary>
/// <remarks>Migrations are never applied silently: run <see cref="PostgreSqlAuditSchema.MigrateAsync"/> or <c>compliant audit migrate</c>.</remarks>
public sealed class PostgreSqlAuditSchemaException : Exception
{
    /// <summary>Initializes a new instance of the <see cref="PostgreSqlAuditSchemaException"/> class.</summary>
    public PostgreSqlAuditSchemaException()
        : this("The audit schema does not match this code.")
    {
    }

    /// <summary>Initializes a new instance of the <see cref="PostgreSqlAuditSchemaException"/> class.</summary>
    /// <param name="message">The message.</param>
    public PostgreSqlAuditSchemaException(string message)
        : base(message)
    {
    }

    /// <summary>Initializes a new instance of the <see cref="PostgreSqlAuditSchemaException"/> class.</summary>
    /// <param name="message">The message.</param>
    /// <param name="innerException">The cause.</param>
    public PostgreSqlAuditSchemaException(string message, Exception? innerException)
        : base(message, innerException)
    {
    }

    /// <summary>Initializes a new instance of the <see cref="PostgreSqlAuditSchemaException"/> class.</summary>
    /// <param name="databaseVersion">The schema version found in the database (0 when none).</param>
    /// <param name="codeVersion">The schema version this code was built for.</param>
    /// <param name="message">The message.</param>
    public PostgreSqlAuditSchemaException(int databaseVersion, int codeVersion, string message)
        : base(message)
    {
        DatabaseVersion = databaseVersion;
        CodeVersion = codeVersion;
    }

    /// <summary>Gets the schema version found in the database (0 when none).</summary>
    public int DatabaseVersion { get; }

    /// <summary>Gets the schema version this code was built for.</summary>
    public int CodeVersion { get; }
}
