namespace Compliant.AI.Tests;

public static class TestKeys
{
    public static AuditKey Audit { get; } = new("test-key", Enumerable.Range(1, 32).Select(i => (byte)i).ToArray());

    public static AuditKey Rotated { get; } = new("test-key-2", Enumerable.Range(101, 32).Select(i => (byte)i).ToArray());

    public static string AuditBase64 => Convert.ToBase64String(Enumerable.Range(1, 32).Select(i => (byte)i).ToArray());
}
