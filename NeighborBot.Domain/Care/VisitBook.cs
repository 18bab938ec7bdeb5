using System.Globalization;
using System.Text;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using NeighborBot.Directory;
using NeighborBot.Outbox;

namespace NeighborBot.Care;

/// <summary>How the visits of one festival went, per grid and in all: the cared-for households, those visited, those not.</summary>
public sealed record FestivalVisits(
    string Name,
    DateOnly Date,
    DateOnly From,
    DateOnly To,
    int Households,
    int Visited,
    int Visits,
    decimal Hours,
    IReadOnlyList<GridVisits> Grids,
    IReadOnlyList<UnvisitedHousehold> NotVisited);

public sealed record GridVisits(string Grid, string? Name, int Households, int Visited, int Visits, decimal Hours, IReadOnlyList<string> NotVisited);

/// <summary>A cared-for household nobody visited, its grid and the volunteers paired with it (directory ids).</summary>
public sealed record UnvisitedHousehold(string Id, string Grid, IReadOnlyList<string> Volunteers);

/// <summary>One person's time in one month (China time, <c>2027-09</c>): visits, and every kind of entry in minutes.</summary>
public sealed record VolunteerMonth(string Person, string? Name, string Month, int Visits, int Minutes);

/// <summary>
/// The book of visits: a volunteer (or a grid worker) confirms a visit in chat and it is recorded, per
/// person, household and day (a second confirmation the same day corrects the first: the time or the
/// note), counted for the festival whose window holds the day or as an ordinary visit. A worrying note
/// reaches the household's grid workers. Also what a volunteer sees of their households, and the figures.
/// </summary>
public sealed class VisitBook(
    FestivalCalendar calendar,
    ICareStore store,
    IOutbox outbox,
    Reach reach,
    IOptionsMonitor<FestivalOptions> options,
    TimeProvider time,
    ILogger<VisitBook> logger)
{
    /// <summary>Who may record a visit: volunteers, and grid workers and leaders who visit themselves.</summary>
    public static bool MayVisit(Person person) => person.Has(Role.Volunteer) || person.Has(Role.GridWorker) || person.Has(Role.GridLeader);

    /// <summary>Records the visit <paramref name="command"/> by <paramref name="person"/>; returns the answer for them.</summary>
    public async Task<string> RecordAsync(Person person, VisitCommand command, DirectorySnapshot snapshot, CancellationToken cancellationToken)
    {
        if (!MayVisit(person))
        {
            return CareTexts.NotAVisitor;
        }

        var home = snapshot.Household(command.Household)
            ?? (command.Address is var (building, unit, room) ? snapshot.HouseholdAt(building, unit, room) : null);
        if (home is null)
        {
            return CareTexts.NoSuchHousehold(command.Household);
        }

        if (command.BadDuration)
        {
            return CareTexts.BadDuration(command);
        }

        var now = time.GetUtcNow();
        var today = ChinaTime.DayOf(now);
        var festival = calendar.Visiting(today);
        var id = string.Create(CultureInfo.InvariantCulture, $"{CareKinds.Visit}:{FestivalCare.Escape(person.Id)}:{FestivalCare.Escape(home.Id)}:{today:yyyyMMdd}");
        var before = await store.GetAsync(id, cancellationToken).ConfigureAwait(false);
        var entry = new CareEntry(id, CareKinds.Visit, person.Id, home.Id, before?.At ?? now, command.Minutes ?? before?.Minutes ?? 0, command.Note ?? before?.Note, festival?.Occurrence);
        await store.SaveAsync(entry, cancellationToken).ConfigureAwait(false);
        Log.Recorded(logger, person.Id, entry.Minutes, entry.Festival);

        if (CareTexts.IsWorrying(command.Note) && snapshot.GridOfBuilding(home.Building) is { } grid)
        {
            var told = 0;
            foreach (var worker in FestivalCare.GridStaff(snapshot, grid.Id).Where(w => w.Id != person.Id))
            {
                if (reach.Staff(worker) is { } to)
                {
                    var text = CareTexts.Concern(person, home, command.Note!, today);
                    await outbox.QueueAsync(new OutboundMessage($"care:{id}:concern:{FestivalCare.Escape(worker.Id)}", to, MessageKinds.Notice, text.Text, text.Fields), cancellationToken)
                        .ConfigureAwait(false);
                    told++;
                }
            }

            Log.ConcernPassed(logger, person.Id, told);
        }

        var updated = before is not null && (before.Minutes, before.Note) != (entry.Minutes, entry.Note);
        var paired = person.Households.Contains(home.Id, StringComparer.OrdinalIgnoreCase);
        return CareTexts.Recorded(home, entry, festival, paired || !person.Has(Role.Volunteer), updated);
    }

    /// <summary>我的走访: a volunteer's households and which were visited for the festival now or next; a grid worker's, those of their grids.</summary>
    public async Task<string> MineAsync(Person person, DirectorySnapshot snapshot, CancellationToken cancellationToken)
    {
        if (!MayVisit(person))
        {
            return CareTexts.NotAVisitor;
        }

        var today = ChinaTime.Today(time);
        var festival = calendar.Coming(today);
        var visited = festival is null
            ? []
            : (await store.OfFestivalAsync(festival.Occurrence, cancellationToken).ConfigureAwait(false)).Select(e => e.Household).OfType<string>()
                .ToHashSet(StringComparer.OrdinalIgnoreCase);
        var homes = person.Households.Count > 0
            ? person.Households.Select(snapshot.Household).OfType<Household>().ToList()
            : [.. CaredHousehold.All(snapshot, options.CurrentValue.CareTags).Where(c => person.Grids.Contains(c.GridId, StringComparer.OrdinalIgnoreCase)).Select(c => c.Home)];
        var mine = (await store.BetweenAsync(ChinaTime.StartOf(new DateOnly(today.Year, 1, 1)), ChinaTime.StartOf(today.AddDays(1)), cancellationToken).ConfigureAwait(false))
            .Where(e => e.Person == person.Id).ToList();
        return CareTexts.Mine(festival, [.. homes.Select(h => (h, visited.Contains(h.Id)))], mine.Count(e => e.Kind == CareKinds.Visit), mine.Sum(e => e.Minutes));
    }

    /// <summary>The figures of one festival: cared-for households per grid, visited or not, visits and hours.</summary>
    public async Task<FestivalVisits> FiguresAsync(Festival festival, DirectorySnapshot snapshot, CancellationToken cancellationToken)
    {
        var entries = await store.OfFestivalAsync(festival.Occurrence, cancellationToken).ConfigureAwait(false);
        var byHousehold = entries.Where(e => e.Household is not null).ToLookup(e => e.Household!, StringComparer.OrdinalIgnoreCase);
        var cared = CaredHousehold.All(snapshot, options.CurrentValue.CareTags);
        var notVisited = cared.Where(c => !byHousehold.Contains(c.Home.Id)).ToList();
        var grids = cared.GroupBy(c => c.GridId, StringComparer.OrdinalIgnoreCase).OrderBy(g => g.Key, StringComparer.Ordinal).Select(g =>
        {
            var visits = g.SelectMany(c => byHousehold[c.Home.Id]).ToList();
            return new GridVisits(g.Key, g.First().Grid?.Name, g.Count(), g.Count(c => byHousehold.Contains(c.Home.Id)), visits.Count, Hours(visits.Sum(v => v.Minutes)),
                [.. g.Where(c => !byHousehold.Contains(c.Home.Id)).Select(c => c.Home.Id)]);
        }).ToList();
        var (from, to) = calendar.Window(festival);
        return new FestivalVisits(festival.Name, festival.Date, from, to, cared.Count, cared.Count - notVisited.Count, entries.Count, Hours(entries.Sum(e => e.Minutes)), grids,
            [.. notVisited.Select(c => new UnvisitedHousehold(c.Home.Id, c.GridId, [.. c.Volunteers.Select(v => v.Id)]))]);
    }

    /// <summary>Each person's time per month from <paramref name="from"/> to <paramref name="to"/> (days in China time, both included), by person and month.</summary>
    public async Task<IReadOnlyList<VolunteerMonth>> HoursAsync(DateOnly from, DateOnly to, DirectorySnapshot snapshot, CancellationToken cancellationToken)
    {
        var entries = await store.BetweenAsync(ChinaTime.StartOf(from), ChinaTime.StartOf(to.AddDays(1)), cancellationToken).ConfigureAwait(false);
        return [.. entries
            .GroupBy(e => (e.Person, Month: ChinaTime.ToChina(e.At).ToString("yyyy-MM", CultureInfo.InvariantCulture)))
            .OrderBy(g => g.Key.Person, StringComparer.Ordinal).ThenBy(g => g.Key.Month, StringComparer.Ordinal)
            .Select(g => new VolunteerMonth(g.Key.Person, snapshot.Person(g.Key.Person)?.Name, g.Key.Month, g.Count(e => e.Kind == CareKinds.Visit), g.Sum(e => e.Minutes)))];
    }

    /// <summary>The hours as CSV (header <c>id,name,month,visits,hours</c>, CRLF), for a spreadsheet.</summary>
    public static string HoursCsv(IEnumerable<VolunteerMonth> months)
    {
        var csv = new StringBuilder("id,name,month,visits,hours\r\n");
        foreach (var m in months)
        {
            DirectoryCsv.WriteRecord(csv, [m.Person, m.Name ?? string.Empty, m.Month, m.Visits.ToString(CultureInfo.InvariantCulture), CareTexts.Hours(m.Minutes)]);
        }

        return csv.ToString();
    }

    private static decimal Hours(int minutes) => Math.Round(minutes / 60m, 2);

}
