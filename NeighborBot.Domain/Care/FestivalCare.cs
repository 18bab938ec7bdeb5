using System.Globalization;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using NeighborBot.Broadcasts;
using NeighborBot.Directory;
using NeighborBot.Outbox;

namespace NeighborBot.Care;

/// <summary>What one day's run queued: reminders to volunteers, greetings to residents, lists of households not visited to grid workers.</summary>
public sealed record CareDay(DateOnly Day, int Reminders, int Greetings, int Lists);

/// <summary>
/// The festival care of one day, run every morning by a job that looks ahead (not one schedule per
/// festival): from <c>Festivals:RemindDaysBefore</c> days before a festival until its day, each volunteer
/// is reminded of the households they are paired with; on the day, bound residents of the cared-for
/// households are greeted; the day after (or the next, when the job could not run), each grid worker
/// hears which cared-for households of their grids nobody has visited. Every message goes through the
/// outbox under an id made of the festival and the recipient (<c>care:2027-中秋:remind:v1</c>), so a run
/// repeated, caught up or killed half-way sends each one once; someone paired or bound meanwhile is reached
/// by the next day's run.
/// </summary>
public sealed class FestivalCare(
    FestivalCalendar calendar,
    DirectoryCache directory,
    AudienceResolver audience,
    VisitBook visits,
    IOutbox outbox,
    Reach reach,
    IOptionsMonitor<FestivalOptions> options,
    TimeProvider time,
    ILogger<FestivalCare> logger)
{
    /// <summary>The list of households not visited goes out this many days after the festival at the latest.</summary>
    public const int ListDaysAfter = 2;

    public async Task<CareDay> RunDayAsync(CancellationToken cancellationToken)
    {
        var today = ChinaTime.Today(time);
        var settings = options.CurrentValue;
        var (reminders, greetings, lists) = (0, 0, 0);
        foreach (var festival in calendar.Around(today))
        {
            var after = today.DayNumber - festival.Date.DayNumber;
            if (after >= -settings.RemindDaysBefore && after <= 0)
            {
                reminders += await RemindAsync(festival, cancellationToken).ConfigureAwait(false);
            }

            if (after == 0)
            {
                greetings += await GreetAsync(festival, cancellationToken).ConfigureAwait(false);
            }

            if (after is >= 1 and <= ListDaysAfter)
            {
                lists += await ListUnvisitedAsync(festival, cancellationToken).ConfigureAwait(false);
            }
        }

        Log.DayRun(logger, today, reminders, greetings, lists);
        return new CareDay(today, reminders, greetings, lists);
    }

    /// <summary>Reminds every volunteer with paired households of the festival (once each); returns how many were queued now or before.</summary>
    public async Task<int> RemindAsync(Festival festival, CancellationToken cancellationToken)
    {
        var snapshot = await directory.GetAsync(cancellationToken).ConfigureAwait(false);
        var today = ChinaTime.Today(time);
        var daysBefore = festival.Date.DayNumber - today.DayNumber;
        var queued = 0;
        foreach (var volunteer in snapshot.WithRole(Role.Volunteer))
        {
            var homes = volunteer.Households.Select(snapshot.Household).OfType<Household>().ToList();
            if (homes.Count > 0 && reach.Staff(volunteer) is { } to)
            {
                await QueueAsync(MessageId(festival, "remind", volunteer.Id), to, CareTexts.Reminder(festival, homes, daysBefore), cancellationToken).ConfigureAwait(false);
                queued++;
            }
        }

        Log.Queued(logger, festival.Occurrence, "remind", queued);
        return queued;
    }

    /// <summary>Greets the bound residents of households with a tag of <c>Festivals:Tags</c>, except those who opted out of notices.</summary>
    private async Task<int> GreetAsync(Festival festival, CancellationToken cancellationToken)
    {
        var settings = options.CurrentValue;
        var snapshot = await directory.GetAsync(cancellationToken).ConfigureAwait(false);
        var community = snapshot.Document.Communities.FirstOrDefault()?.Name ?? "社区";
        var residents = await audience.ResolveAsync(new Audience { Residents = new ResidentChoice(false, [], settings.CareTags) }, urgent: false, massSend: false, cancellationToken)
            .ConfigureAwait(false);
        var text = CareTexts.Greeting(festival, settings.Greeting, community);
        var queued = 0;
        foreach (var resident in residents.Where(r => !r.OptedOut))
        {
            await QueueAsync(MessageId(festival, "greet", resident.To), resident.Key, text, cancellationToken).ConfigureAwait(false);
            queued++;
        }

        Log.Queued(logger, festival.Occurrence, "greet", queued);
        return queued;
    }

    /// <summary>Tells each grid worker (a grid without one: its grid leaders) which cared-for households of their grids nobody has visited.</summary>
    private async Task<int> ListUnvisitedAsync(Festival festival, CancellationToken cancellationToken)
    {
        var snapshot = await directory.GetAsync(cancellationToken).ConfigureAwait(false);
        var figures = await visits.FiguresAsync(festival, snapshot, cancellationToken).ConfigureAwait(false);
        var byWorker = figures.NotVisited
            .SelectMany(h => GridStaff(snapshot, h.Grid).Select(worker => (Worker: worker, Household: h)))
            .GroupBy(x => x.Worker.Id, StringComparer.Ordinal);
        var queued = 0;
        foreach (var homes in byWorker)
        {
            var worker = homes.First().Worker;
            if (reach.Staff(worker) is { } to)
            {
                var text = CareTexts.Unvisited(festival, [.. homes.Select(x => (snapshot.Household(x.Household.Id)!, (IReadOnlyList<Person>)[.. x.Household.Volunteers.Select(snapshot.Person).OfType<Person>()]))]);
                await QueueAsync(MessageId(festival, "unvisited", worker.Id), to, text, cancellationToken).ConfigureAwait(false);
                queued++;
            }
        }

        Log.Queued(logger, festival.Occurrence, "unvisited", queued);
        return queued;
    }

    /// <summary>The grid's workers, or its leaders when it has none.</summary>
    internal static IReadOnlyList<Person> GridStaff(DirectorySnapshot snapshot, string grid) =>
        snapshot.WithRole(Role.GridWorker, grid).ToList() is { Count: > 0 } workers ? workers : [.. snapshot.WithRole(Role.GridLeader, grid)];

    /// <summary><c>care:2027-中秋:remind:v1</c>; the recipient's id escaped should it hold a space or a brace.</summary>
    internal static string MessageId(Festival festival, string what, string recipient) =>
        string.Create(CultureInfo.InvariantCulture, $"care:{festival.Occurrence}:{what}:{Escape(recipient)}");

    internal static string Escape(string id) =>
        id.Any(c => char.IsWhiteSpace(c) || char.IsControl(c) || c is '{' or '}') ? Uri.EscapeDataString(id) : id;

    private Task QueueAsync(string id, PersonKey to, OutboundText text, CancellationToken cancellationToken) =>
        outbox.QueueAsync(new OutboundMessage(id, to, MessageKinds.Notice, text.Text, text.Fields), cancellationToken);
}
