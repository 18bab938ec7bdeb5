using Microsoft.Extensions.Options;

namespace NeighborBot.Wishes;

/// <summary>The <c>Wishes</c> section: how long a claim runs and the time a done wish counts when the volunteer says none.</summary>
public sealed class WishOptions
{
    public const string Section = "Wishes";

    public static readonly TimeSpan DefaultClaimFor = TimeSpan.FromDays(7);
    public const int DefaultMinutes = 60;

    public static readonly TimeSpan MinClaimFor = TimeSpan.FromHours(1);
    public static readonly TimeSpan MaxClaimFor = TimeSpan.FromDays(90);

    /// <summary>A claimed wish not done within this time returns to the board (<c>7.00:00:00</c>).</summary>
    public TimeSpan ClaimFor { get; set; } = DefaultClaimFor;

    /// <summary>The volunteer time a done wish counts when <c>已完成</c> names none.</summary>
    public int DefaultMinutesDone { get; set; } = DefaultMinutes;

    /// <summary>A photo the volunteer sends this long after <c>已完成</c> goes with the wish.</summary>
    public TimeSpan PhotoWithin { get; set; } = TimeSpan.FromMinutes(30);
}

internal sealed class WishOptionsValidator : IValidateOptions<WishOptions>
{
    public ValidateOptionsResult Validate(string? name, WishOptions options)
    {
        List<string> problems = [];
        if (options.ClaimFor < WishOptions.MinClaimFor || options.ClaimFor > WishOptions.MaxClaimFor)
        {
            problems.Add("Wishes:ClaimFor must be between 01:00:00 and 90.00:00:00 (e.g. 7.00:00:00).");
        }

        if (options.DefaultMinutesDone is < 0 or > 12 * 60)
        {
            problems.Add("Wishes:DefaultMinutesDone must be between 0 and 720.");
        }

        if (options.PhotoWithin < TimeSpan.Zero || options.PhotoWithin > TimeSpan.FromDays(1))
        {
            problems.Add("Wishes:PhotoWithin must be between 00:00:00 and 1.00:00:00.");
        }

        return problems.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(problems);
    }
}
