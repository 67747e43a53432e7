using System.Diagnostics.CodeAnalysis;
using System.Runtime.CompilerServices;

namespace Compliant.AI.Internal;

/// <summary>Argument checks with the argument's name taken from the call site.</summary>
internal static class Throw
{
    public static T IfNull<T>([NotNull] T? argument, [CallerArgumentExpression(nameof(argument))] string? paramName = null)
        where T : class
    {
        ArgumentNullException.ThrowIfNull(argument, paramName);
        return argument;
    }

    public static string IfNullOrWhitespace([NotNull] string? argument, [CallerArgumentExpression(nameof(argument))] string? paramName = null)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(argument, paramName);
        return argument;
    }

    public static int IfLessThan(int argument, int min, [CallerArgumentExpression(nameof(argument))] string? paramName = null)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(argument, min, paramName);
        return argument;
    }

    public static double IfOutOfRange(double argument, double min, double max, [CallerArgumentExpression(nameof(argument))] string? paramName = null)
    {
        if (argument < min || argument > max || double.IsNaN(argument))
        {
            throw new ArgumentOutOfRangeException(paramName, argument, $"The value must be between {min} and {max}.");
        }

        return argument;
    }
}
