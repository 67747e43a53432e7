using System.Reflection;
using Compliant.AI.Internal;
using Microsoft.Extensions.AI;

namespace Compliant.AI.Tests.Internal;

public sealed class ChatResponseCopyTests
{
    [Fact]
    public void WithMessages_EverySettablePropertyOfChatResponse_IsCopied()
    {
        // Reflects over the type, so a property a later Microsoft.Extensions.AI adds fails here instead of being lost silently.
        PropertyInfo[] properties = typeof(ChatResponse).GetProperties(BindingFlags.Public | BindingFlags.Instance)
            .Where(p => p.SetMethod is { IsPublic: true } && p.Name != nameof(ChatResponse.Messages))
            .ToArray();
        var source = new ChatResponse(new ChatMessage(ChatRole.Assistant, "original"));
        foreach (PropertyInfo property in properties)
        {
            property.SetValue(source, SampleValue(property));
        }

        List<ChatMessage> messages = [new(ChatRole.Assistant, "rewritten")];

        ChatResponse copy = ChatResponseCopy.WithMessages(source, messages);

        Assert.Same(messages, copy.Messages);
        Assert.Equal("rewritten", copy.Text);
        Assert.Contains(properties, p => p.Name == nameof(ChatResponse.AdditionalProperties));
        foreach (PropertyInfo property in properties)
        {
            object? expected = property.GetValue(source);
            Assert.NotNull(expected);
            Assert.True(Equals(expected, property.GetValue(copy)), $"ChatResponse.{property.Name} is not copied by ChatResponseCopy.WithMessages.");
        }
    }

    [Fact]
    public void WithMessages_DefaultResponse_CopiesNoValues()
    {
        ChatResponse copy = ChatResponseCopy.WithMessages(new ChatResponse(), [new(ChatRole.Assistant, "x")]);

        Assert.Null(copy.ResponseId);
        Assert.Null(copy.Usage);
        Assert.Null(copy.AdditionalProperties);
        Assert.Null(copy.FinishReason);
    }

    private static object SampleValue(PropertyInfo property)
    {
        Type type = Nullable.GetUnderlyingType(property.PropertyType) ?? property.PropertyType;
#pragma warning disable MEAI001 // Background responses are experimental; the token must be copied all the same.
        return type switch
        {
            _ when type == typeof(string) => "value of " + property.Name,
            _ when type == typeof(DateTimeOffset) => new DateTimeOffset(2024, 5, 6, 7, 8, 9, TimeSpan.Zero),
            _ when type == typeof(ChatFinishReason) => ChatFinishReason.Length,
            _ when type == typeof(UsageDetails) => new UsageDetails { InputTokenCount = 3, OutputTokenCount = 4 },
            _ when type == typeof(AdditionalPropertiesDictionary) => new AdditionalPropertiesDictionary { ["key"] = "value" },
            _ when type == typeof(ResponseContinuationToken) => ResponseContinuationToken.FromBytes(new byte[] { 1, 2, 3 }),
            _ when type == typeof(object) => new object(),
            _ => throw new InvalidOperationException(
                $"ChatResponse.{property.Name} ({type.Name}) is new: copy it in ChatResponseCopy.WithMessages and give it a sample value here."),
        };
#pragma warning restore MEAI001
    }
}
