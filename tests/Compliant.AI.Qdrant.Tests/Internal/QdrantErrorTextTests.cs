using Compliant.AI.Internal;
using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;

namespace Compliant.AI.Tests.Internal;

public sealed class QdrantErrorTextTests
{
    [Theory]
    [InlineData(null, null)]
    [InlineData("  ", null)]
    [InlineData("Not found: Collection `x` doesn't exist!", "Not found: Collection `x` doesn't exist!")]
    [InlineData("invalid type: string \"secret\", expected u64", "invalid type: string \"…\", expected u64")]
    [InlineData("unterminated \"secret", "unterminated \"…\"")]
    [InlineData("line\nbreak", "line break")]
    public void Sanitize_Examples(string? input, string? expected) => Assert.Equal(expected, QdrantErrorText.Sanitize(input));

    [Fact]
    public void Sanitize_LongText_IsTruncated()
    {
        string result = QdrantErrorText.Sanitize(new string('x', 10_000))!;
        Assert.True(result.Length <= QdrantErrorText.MaxLength + 1);
    }

    [Property]
    public Property Sanitize_NeverKeepsQuotedContent(NonNull<string> prefix, NonNull<string> secret, NonNull<string> suffix)
    {
        string quoted = secret.Get.Replace("\"", string.Empty, StringComparison.Ordinal);
        string p = prefix.Get.Replace("\"", string.Empty, StringComparison.Ordinal);
        string s = suffix.Get.Replace("\"", string.Empty, StringComparison.Ordinal);
        string marker = "Q" + quoted + "Z";
        string? result = QdrantErrorText.Sanitize(p + "\"" + marker + "\"" + s);
        return (result is null || !result.Contains(marker, StringComparison.Ordinal)).ToProperty();
    }
}
