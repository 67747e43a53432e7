namespace Compliant.AI.StructuredOutput.Internal;

/// <summary>The JSON Schema <c>type</c> names as flags.</summary>
[Flags]
internal enum SchemaTypes
{
    None = 0,
    Null = 1,
    Boolean = 2,
    Object = 4,
    Array = 8,
    Number = 16,
    String = 32,
    Integer = 64,
}
