using System.ComponentModel.DataAnnotations;
using System.Globalization;
using Microsoft.Extensions.Options;
using NeighborBot.Outbox;

namespace NeighborBot.Care;

/// <summary>The <c>Festivals</c> section: which festivals, when volunteers are reminded, what residents are told.</summary>
public sealed class FestivalOptions
{
    public const string Section = "Festivals";

    public const int DefaultRemindDaysBefore = 3;
    public const int MaxRemindDaysBefore = 14;

    /// <summary><c>{festival}</c> is the festival's name with 节 where it takes one (中秋节), <c>{community}</c> the community's name.</summary>
    public const string DefaultGreeting = "{festival}到了，{community}祝您节日安康、阖家幸福！有什么需要，直接在这里留言，网格员和志愿者会尽快联系您。";

    /// <summary>七夕 is left out unless named.</summary>
    public static readonly IReadOnlyList<string> DefaultNames = ["春节", "元宵", "端午", "中秋", "重阳"];

    public static readonly IReadOnlyList<string> DefaultTags = ["elderly60", "elderly80", "living-alone"];

    /// <summary>Volunteers are reminded this many days before a festival (and until the day, when the job could not run); visits count from then to the day after.</summary>
    [Range(0, MaxRemindDaysBefore, ErrorMessage = "Festivals:RemindDaysBefore must be between 0 and 14.")]
    public int RemindDaysBefore { get; set; } = DefaultRemindDaysBefore;

    /// <summary>The lunar festivals observed, of 春节 元宵 端午 七夕 中秋 重阳; left out: <see cref="DefaultNames"/>.</summary>
    public string[]? Names { get; set; }

    /// <summary>The community's own days: <c>{"Name": "邻里节", "Date": "05-20"}</c> every year, or <c>"2027-05-20"</c> once.</summary>
    public List<ExtraFestival> Extra { get; set; } = [];

    /// <summary>What bound residents of the cared-for households are told on the day.</summary>
    public string Greeting { get; set; } = DefaultGreeting;

    /// <summary>The household tags cared for: their bound residents are greeted, and they are visited like the households paired with volunteers; left out: <see cref="DefaultTags"/>.</summary>
    public string[]? Tags { get; set; }

    public IReadOnlyList<string> Observed => Names ?? DefaultNames;

    public IReadOnlyList<string> CareTags => Tags ?? DefaultTags;
}

/// <summary>A day of the community's own, on the Gregorian calendar.</summary>
public sealed class ExtraFestival
{
    public const int MaxName = 20;

    public string Name { get; set; } = string.Empty;

    /// <summary><c>MM-dd</c> every year, or <c>yyyy-MM-dd</c> that year only.</summary>
    public string Date { get; set; } = string.Empty;

    /// <summary>Its day in <paramref name="year"/>, or null (another year's one-off day, 02-29 in a common year).</summary>
    public DateOnly? On(int year)
    {
        var full = Date.Length == 5 ? $"{year.ToString("D4", CultureInfo.InvariantCulture)}-{Date}" : Date;
        return DateOnly.TryParseExact(full, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var day) && day.Year == year ? day : null;
    }

    /// <summary>Whether <see cref="Date"/> reads as a day (02-29 is one: it comes in leap years).</summary>
    public bool HasDate => Date.Length switch
    {
        5 => On(2028) is not null,
        10 => DateOnly.TryParseExact(Date, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out _),
        _ => false,
    };
}

/// <summary>Every failure names the key to fix.</summary>
internal sealed class FestivalOptionsValidator(IOptions<OutboxOptions> outbox) : IValidateOptions<FestivalOptions>
{
    public ValidateOptionsResult Validate(string? name, FestivalOptions options)
    {
        var failures = new List<string>();
        var known = FestivalCalendar.Lunar.Select(f => f.Name).ToList();
        var names = new HashSet<string>(StringComparer.Ordinal);
        foreach (var festival in options.Observed)
        {
            if (!known.Contains(festival))
            {
                failures.Add($"Festivals:Names: '{festival}' is not one of {string.Join(" ", known)}.");
            }
            else if (!names.Add(festival))
            {
                failures.Add($"Festivals:Names: '{festival}' is named twice.");
            }
        }

        for (var i = 0; i < options.Extra.Count; i++)
        {
            var extra = options.Extra[i];
            if (string.IsNullOrWhiteSpace(extra.Name) || extra.Name.Length > ExtraFestival.MaxName || extra.Name.Any(c => char.IsWhiteSpace(c) || char.IsControl(c) || c is '{' or '}' or ':'))
            {
                failures.Add($"Festivals:Extra:{i}:Name must be 1-{ExtraFestival.MaxName} characters without spaces, colons or braces.");
            }
            else if (known.Contains(extra.Name))
            {
                failures.Add($"Festivals:Extra:{i}:Name: '{extra.Name}' is a lunar festival; name it in Festivals:Names.");
            }

            if (!extra.HasDate)
            {
                failures.Add($"Festivals:Extra:{i}:Date: '{extra.Date}' is neither MM-dd (every year) nor yyyy-MM-dd (once).");
            }
        }

        // A festival's name and year make its messages' ids: one name, one day a year.
        foreach (var twice in options.Extra.GroupBy(e => e.Name, StringComparer.Ordinal).Where(g => g.Count() > 1))
        {
            failures.Add($"Festivals:Extra: '{twice.Key}' is named {twice.Count()} times; give each day its own name.");
        }

        if (string.IsNullOrWhiteSpace(options.Greeting) || options.Greeting.Length > 500)
        {
            failures.Add("Festivals:Greeting must be 1-500 characters ({festival} and {community} are filled in).");
        }

        foreach (var tag in options.CareTags.Where(t => string.IsNullOrWhiteSpace(t) || t.Any(c => !(char.IsAsciiLetterLower(c) || char.IsAsciiDigit(c) || c == '-'))))
        {
            failures.Add($"Festivals:Tags: '{tag}' is not a household tag (lowercase letters, digits and '-').");
        }

        // Each message is sent once because the outbox remembers its id; it must remember it through the whole window.
        if (TimeSpan.FromDays(options.RemindDaysBefore + 3) > outbox.Value.SendLogRetention)
        {
            failures.Add($"Festivals:RemindDaysBefore: {options.RemindDaysBefore} days and the days around the festival are longer than Notifications:SendLogRetention, so messages could be sent twice.");
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }
}
