using System.Net;
using System.Net.Sockets;
using Polly.CircuitBreaker;
using Polly.Timeout;

namespace Compliant.AI.Tests.Resilience;

public sealed class TransientChatErrorsTests
{
    private static readonly DateTimeOffset Now = new(2026, 11, 23, 10, 0, 0, TimeSpan.Zero);

    public static TheoryData<Exception, bool> Cases => new()
    {
        { new HttpRequestException("x", null, HttpStatusCode.RequestTimeout), true },
        { new HttpRequestException("x", null, HttpStatusCode.TooManyRequests), true },
        { new HttpRequestException("x", null, HttpStatusCode.InternalServerError), true },
        { new HttpRequestException("x", null, HttpStatusCode.BadGateway), true },
        { new HttpRequestException("x", null, HttpStatusCode.ServiceUnavailable), true },
        { new HttpRequestException("x", null, HttpStatusCode.GatewayTimeout), true },
        { new HttpRequestException("x", null, HttpStatusCode.NotImplemented), false },
        { new HttpRequestException("x", null, HttpStatusCode.BadRequest), false },
        { new HttpRequestException("x", null, HttpStatusCode.Unauthorized), false },
        { new HttpRequestException("no response"), true },
        { new SocketException((int)SocketError.ConnectionReset), true },
        { new TaskCanceledException("timeout", new TimeoutException()), true },
        { new TimeoutRejectedException(), true },
        { new ChatProviderException(429), true },
        { new ChatProviderException(400), false },
        { new ChatProviderException(400) { IsTransient = true }, true },
        { new ChatProviderException(statusCode: null), true },
        { new InvalidOperationException("wrapped", new SocketException()), true },
        { new BrokenCircuitException(), false },
        { new ArgumentException("bad"), false },
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public void IsTransient_ClassifiesFailures(Exception exception, bool expected)
    {
        Assert.Equal(expected, TransientChatErrors.IsTransient(exception));
    }

    public static TheoryData<object, double> RetryAfterValues => new()
    {
        { TimeSpan.FromSeconds(3), 3 },
        { 4, 4 },
        { 2.5, 2.5 },
        { "7", 7 },
        { Now.AddSeconds(9), 9 },
        { "Mon, 23 Nov 2026 10:00:11 GMT", 11 },
        { TimeSpan.FromSeconds(-5), 0 },
    };

    [Theory]
    [MemberData(nameof(RetryAfterValues))]
    public void TryGetRetryAfter_ReadsExceptionData(object value, double expectedSeconds)
    {
        var error = new HttpRequestException("x");
        error.Data[TransientChatErrors.RetryAfterDataKey] = value;

        Assert.True(TransientChatErrors.TryGetRetryAfter(error, Now, out TimeSpan delay));
        Assert.Equal(expectedSeconds, delay.TotalSeconds, 3);
    }

    [Fact]
    public void TryGetRetryAfter_FromProviderExceptionInInnerChain()
    {
        var error = new InvalidOperationException("wrapper", new ChatProviderException(429, TimeSpan.FromSeconds(12)));

        Assert.True(TransientChatErrors.TryGetRetryAfter(error, Now, out TimeSpan delay));
        Assert.Equal(TimeSpan.FromSeconds(12), delay);
    }

    [Theory]
    [InlineData("soon")]
    [InlineData("1e300")]
    [InlineData(null)]
    public void TryGetRetryAfter_UnusableValue_ReturnsFalse(string? value)
    {
        var error = new HttpRequestException("x");
        error.Data[TransientChatErrors.RetryAfterDataKey] = value;

        Assert.False(TransientChatErrors.TryGetRetryAfter(error, Now, out _));
    }
}
