using System.Globalization;
using System.Text;
using Microsoft.AspNetCore.Http.HttpResults;
using NeighborBot.Api.Directory;
using NeighborBot.Care;
using NeighborBot.Directory;

namespace NeighborBot.Api.Care;

/// <summary>
/// Festival care for admins: the festivals of a year (shared/design/interfaces.md, "Warnings and festivals"),
/// how the visits of one went, the volunteers' reminders sent now, and the volunteer hours as CSV.
/// </summary>
internal static class CareApi
{
    public const int MaxDays = 366 * 5;

    public sealed record FestivalDay(string Name, DateOnly Date);

    /// <summary>The festival <paramref name="Name"/> of <paramref name="Year"/> (this year when left out); both left out: the festival visited now or the next.</summary>
    public sealed record RemindBody(int? Year, string? Name);

    public sealed record Reminded(string Name, DateOnly Date, int Volunteers);

    public static RouteGroupBuilder MapCareApi(this RouteGroupBuilder admin)
    {
        var festivals = admin.MapGroup("/festivals").WithTags("Festivals");
        festivals.MapGet("", List).WithSummary("The festivals observed in a year (default: this year), by date: [{name, date}].");
        festivals.MapGet("/visits", VisitsAsync).WithSummary("How the visits of one festival went: cared-for households per grid, visited or not, visits and hours.");
        festivals.MapPost("/remind", RemindAsync).WithSummary("Remind every volunteer of a festival now (once each; the daily job does it Festivals:RemindDaysBefore days before); without a name, the festival being visited now or the next.");
        admin.MapGet("/volunteers/hours", HoursAsync).WithTags("Festivals").WithSummary("Volunteer hours per person and month as CSV (UTF-8 with BOM).");
        return admin;
    }

    internal static Results<Ok<IReadOnlyList<FestivalDay>>, BadRequest<string>> List(string? year, FestivalCalendar calendar, TimeProvider time) =>
        Year(year, time) is not { } y
            ? TypedResults.BadRequest(YearProblem)
            : TypedResults.Ok<IReadOnlyList<FestivalDay>>([.. calendar.In(y).Select(f => new FestivalDay(f.Name, f.Date))]);

    internal static async Task<Results<Ok<FestivalVisits>, BadRequest<string>, NotFound<string>>> VisitsAsync(
        string? year, string? name, FestivalCalendar calendar, VisitBook visits, DirectoryCache directory, TimeProvider time, CancellationToken cancellationToken)
    {
        if (Festival(year, name, calendar, time) is not { } found)
        {
            var (notFound, text) = Missing(year, name, time);
            return notFound ? TypedResults.NotFound(text) : TypedResults.BadRequest(text);
        }

        return TypedResults.Ok(await visits.FiguresAsync(found, await directory.GetAsync(cancellationToken), cancellationToken));
    }

    internal static async Task<Results<Ok<Reminded>, BadRequest<string>, NotFound<string>>> RemindAsync(
        RemindBody? body, FestivalCalendar calendar, FestivalCare care, TimeProvider time, CancellationToken cancellationToken)
    {
        var year = body?.Year?.ToString(CultureInfo.InvariantCulture);
        var coming = body?.Name is null && body?.Year is null ? calendar.Coming(ChinaTime.Today(time)) : null;
        if ((coming ?? Festival(year, body?.Name, calendar, time)) is not { } found)
        {
            var (notFound, text) = Missing(year, body?.Name, time);
            return notFound ? TypedResults.NotFound(text) : TypedResults.BadRequest(text);
        }

        return TypedResults.Ok(new Reminded(found.Name, found.Date, await care.RemindAsync(found, cancellationToken)));
    }

    /// <summary>From the first day of <paramref name="from"/> to the end of <paramref name="to"/> (China time); by default this year until today.</summary>
    internal static async Task<Results<FileContentHttpResult, BadRequest<string>>> HoursAsync(
        string? from, string? to, VisitBook visits, DirectoryCache directory, TimeProvider time, CancellationToken cancellationToken)
    {
        var today = ChinaTime.Today(time);
        if (!TryDay(from, new DateOnly(today.Year, 1, 1), out var start) || !TryDay(to, today, out var end))
        {
            return TypedResults.BadRequest("from and to are days written yyyy-MM-dd, e.g. ?from=2027-01-01&to=2027-12-31.");
        }

        if (end < start || end.DayNumber - start.DayNumber > MaxDays)
        {
            return TypedResults.BadRequest($"to must not be before from, and the two at most {MaxDays} days apart.");
        }

        var months = await visits.HoursAsync(start, end, await directory.GetAsync(cancellationToken), cancellationToken);
        byte[] bytes = [.. Encoding.UTF8.Preamble, .. Encoding.UTF8.GetBytes(VisitBook.HoursCsv(months))];
        return TypedResults.File(bytes, DirectoryApi.CsvContentType, $"volunteer-hours-{start:yyyyMMdd}-{end:yyyyMMdd}.csv");
    }

    private static string YearProblem => $"year is a number from {FestivalCalendar.FirstYear} to {FestivalCalendar.LastYear}, e.g. ?year=2027.";

    private static int? Year(string? year, TimeProvider time) => year is null
        ? ChinaTime.Now(time).Year
        : int.TryParse(year, NumberStyles.None, CultureInfo.InvariantCulture, out var y) && FestivalCalendar.Supports(y) ? y : null;

    private static Festival? Festival(string? year, string? name, FestivalCalendar calendar, TimeProvider time) =>
        Year(year, time) is { } y && name is { Length: > 0 } ? calendar.Find(y, name.Trim()) : null;

    /// <summary>Why no festival was found: a bad year or no name (400), or a name not observed that year (404).</summary>
    private static (bool NotFound, string Text) Missing(string? year, string? name, TimeProvider time) =>
        Year(year, time) is not { } y ? (false, YearProblem)
        : string.IsNullOrWhiteSpace(name) ? (false, "name is the festival, e.g. 中秋 (GET /api/admin/festivals?year= lists them).")
        : (true, $"'{name.Trim()}' is not a festival observed in {y} (GET /api/admin/festivals?year={y} lists them).");

    private static bool TryDay(string? text, DateOnly fallback, out DateOnly day)
    {
        day = fallback;
        return text is null || DateOnly.TryParseExact(text, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out day);
    }
}
