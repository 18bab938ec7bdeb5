using System.Globalization;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using NeighborBot.Care;
using NeighborBot.Conversations;
using NeighborBot.Directory;
using NeighborBot.Intake;
using NeighborBot.Outbox;
using NeighborBot.Tickets;

namespace NeighborBot.Wishes;

/// <summary>Wishes posted (wish tickets opened), approved, claimed and done in one grid and month (China time, <c>2027-09</c>).</summary>
public sealed record WishMonth(string Grid, string Month, int Posted, int Approved, int Claimed, int Done);

/// <summary>The figures of the wishes in a period: totals and per grid and month.</summary>
public sealed record WishFigures(int Posted, int Approved, int Claimed, int Done, IReadOnlyList<WishMonth> Months);

/// <summary>A done wish as the public notice board shows it: no name, phone, room or note of the resident.</summary>
public sealed record DoneWish(string Number, string? Grid, string? GridName, string Summary, int? Building, DateOnly Day, string? Volunteer, decimal Hours);

/// <summary>
/// The board of micro-wishes (微心愿): a grid worker approves a <c>wish</c> ticket of their grid and it goes on
/// the board, without the resident's personal data; a volunteer or party member claims it (one of two claiming at
/// once wins) and only then hears who and where; a claim not done in <c>Wishes:ClaimFor</c> returns to the
/// board (<see cref="SweepAsync"/>); done with a note (and a photo), the ticket is resolved, the resident is
/// asked to confirm and rate, and the time is recorded with the festival visits (<see cref="ICareStore"/>).
/// Every message goes through the outbox under an id of the wish, the step and the recipient
/// (<c>wish:20270912-0042:claim1:w_g1</c>): a step repeated sends nothing twice.
/// </summary>
public sealed class WishBoard(
    IWishStore wishes,
    ITicketStore tickets,
    TicketDesk desk,
    ICareStore care,
    IOutbox outbox,
    Reach reach,
    IOptionsMonitor<WishOptions> options,
    TimeProvider time,
    ILogger<WishBoard> logger)
{
    private const int MaxAttempts = 10;

    /// <summary>Who may claim: volunteers and party members.</summary>
    public static bool MayClaim(Person person) => person.Has(Role.Volunteer) || person.Has(Role.PartyMember);

    /// <summary>Who may approve a wish of <paramref name="grid"/>: its grid workers and leaders, and the secretary.</summary>
    public static bool MayApprove(Person person, string? grid) =>
        person.Has(Role.Secretary)
        || ((person.Has(Role.GridWorker) || person.Has(Role.GridLeader)) && (grid is null || person.Grids.Contains(grid, StringComparer.OrdinalIgnoreCase)));

    public static bool IsApprover(Person person) => person.Has(Role.Secretary) || person.Has(Role.GridWorker) || person.Has(Role.GridLeader);

    /// <summary>审核通过: the wish ticket goes on the board (again: its description changes) and the ticket is accepted.</summary>
    public async Task<string> ApproveAsync(Person worker, ApproveWish command, DirectorySnapshot snapshot, CancellationToken cancellationToken)
    {
        if (!IsApprover(worker))
        {
            return WishTexts.NotApprover;
        }

        var ticket = await FindTicketAsync(worker, command.Number, snapshot, cancellationToken).ConfigureAwait(false);
        if (ticket is null)
        {
            return WishTexts.NoSuchTicket(command.Number);
        }

        if (ticket.Category != IntakeCategories.Wish)
        {
            return WishTexts.NotAWish(ticket);
        }

        if (!MayApprove(worker, ticket.Grid))
        {
            return WishTexts.NotYourGrid(ticket);
        }

        var now = time.GetUtcNow();
        for (var attempt = 0; attempt < MaxAttempts; attempt++)
        {
            var existing = await wishes.GetAsync(ticket.Number, cancellationToken).ConfigureAwait(false);
            if (existing is not null)
            {
                if (command.Summary is not { } summary || summary == existing.Summary || existing.State == WishState.Done)
                {
                    return WishTexts.Approved(existing, already: true);
                }

                var renamed = existing with { Summary = summary, Events = [.. existing.Events, new WishEvent(now, worker.Id, WishActions.Approved, summary)] };
                if (await wishes.SaveAsync(renamed, cancellationToken).ConfigureAwait(false))
                {
                    return WishTexts.SummaryChanged(renamed);
                }

                continue;
            }

            if (!ticket.IsActive)
            {
                return WishTexts.TicketClosed(ticket);
            }

            var building = ticket.Location?.Building ?? (ticket.HouseholdId is { } h ? snapshot.Household(h)?.Building : null);
            var wish = Wish.Approve(ticket.Number, ticket.Grid, building, command.Summary ?? WishWords.Summarize(ticket.Text), worker.Id, now);
            if (!await wishes.SaveAsync(wish, cancellationToken).ConfigureAwait(false))
            {
                continue;
            }

            // The resident hears that the ticket is taken (接单), as for any ticket; the grid worker keeps it until it is done.
            await desk.ChangeAsync(ticket.Number, t => t.AwaitsAcceptance ? t.Accept(worker.Id, now) : TicketResult.Refuse(t, TicketRefusal.WrongStatus), cancellationToken)
                .ConfigureAwait(false);
            Log.Approved(logger, wish.Number, worker.Id);
            return WishTexts.Approved(wish, already: false);
        }

        throw new InvalidOperationException($"Wish {ticket.Number} kept changing during {MaxAttempts} attempts.");
    }

    /// <summary>心愿列表: the open wishes, oldest first (they waited longest).</summary>
    public async Task<string> BoardTextAsync(Person person, CancellationToken cancellationToken)
    {
        var open = (await wishes.ListAsync(cancellationToken).ConfigureAwait(false)).Where(w => w.State == WishState.Open).OrderBy(w => w.ApprovedAt).ToList();
        var live = await Task.WhenAll(open.Select(w => tickets.GetAsync(w.Number, cancellationToken))).ConfigureAwait(false);
        return WishTexts.List([.. open.Where((_, i) => live[i] is { IsActive: true })], MayClaim(person));
    }

    /// <summary>认领: the wish is the volunteer's until <c>Wishes:ClaimFor</c> from now; they hear who and where, the grid worker and the resident hear who.</summary>
    public async Task<string> ClaimAsync(Person volunteer, string number, DirectorySnapshot snapshot, CancellationToken cancellationToken)
    {
        if (!MayClaim(volunteer))
        {
            return WishTexts.NotAVolunteer;
        }

        for (var attempt = 0; attempt < MaxAttempts; attempt++)
        {
            var wish = await FindWishAsync(number, cancellationToken).ConfigureAwait(false);
            if (wish is null)
            {
                return WishTexts.NoSuchWish(number);
            }

            if (wish.State == WishState.Done)
            {
                return WishTexts.AlreadyDone(wish);
            }

            if (wish.State == WishState.Claimed)
            {
                if (wish.ClaimedBy != volunteer.Id)
                {
                    return WishTexts.TakenByOther(wish);
                }

                // The same volunteer again, or the same message handled again after a crash: the same details, and
                // whatever was not queued yet (the outbox keeps one message per id).
                await AfterClaimAsync(wish, volunteer, snapshot, cancellationToken).ConfigureAwait(false);
                return await ClaimedTextAsync(wish, snapshot, cancellationToken).ConfigureAwait(false);
            }

            // A ticket the resident cancelled (or staff closed) takes its wish off the board.
            if (await tickets.GetAsync(wish.Number, cancellationToken).ConfigureAwait(false) is not { IsActive: true })
            {
                return WishTexts.Withdrawn(wish);
            }

            var now = time.GetUtcNow();
            var claimed = wish.Claim(volunteer.Id, now + options.CurrentValue.ClaimFor, now)!;
            if (!await wishes.SaveAsync(claimed, cancellationToken).ConfigureAwait(false))
            {
                continue;
            }

            Log.Claimed(logger, claimed.Number, volunteer.Id, claimed.Claims);
            await AfterClaimAsync(claimed, volunteer, snapshot, cancellationToken).ConfigureAwait(false);
            return await ClaimedTextAsync(claimed, snapshot, cancellationToken).ConfigureAwait(false);
        }

        throw new InvalidOperationException($"Wish {number} kept changing during {MaxAttempts} attempts.");
    }

    /// <summary>已完成: the wish is done, the time recorded, the ticket resolved (the resident is asked to confirm and rate), the grid worker told.</summary>
    public async Task<string> FulfilAsync(Person volunteer, FulfilWish command, DirectorySnapshot snapshot, CancellationToken cancellationToken)
    {
        if (!MayClaim(volunteer))
        {
            return WishTexts.NotAVolunteer;
        }

        for (var attempt = 0; attempt < MaxAttempts; attempt++)
        {
            var wish = await FindWishAsync(command.Number, cancellationToken).ConfigureAwait(false);
            if (wish is null)
            {
                return WishTexts.NoSuchWish(command.Number);
            }

            if (wish.State == WishState.Done)
            {
                if (wish.ClaimedBy != volunteer.Id)
                {
                    return WishTexts.AlreadyDone(wish);
                }

                // Said again, or handled again after a crash: each step after the save is safe to repeat.
                await AfterDoneAsync(wish, volunteer, snapshot, cancellationToken).ConfigureAwait(false);
                return WishTexts.Done(wish, already: true);
            }

            if (wish.State == WishState.Open)
            {
                return WishTexts.NotClaimed(wish);
            }

            if (wish.ClaimedBy != volunteer.Id)
            {
                return WishTexts.NotYours(wish);
            }

            if (command.BadDuration)
            {
                return WishTexts.BadDuration(wish);
            }

            if (command.Note is not { } note)
            {
                return WishTexts.NoNote(wish);
            }

            var now = time.GetUtcNow();
            var done = wish.Fulfil(volunteer.Id, note, command.Minutes ?? options.CurrentValue.DefaultMinutesDone, now)!;
            if (!await wishes.SaveAsync(done, cancellationToken).ConfigureAwait(false))
            {
                continue;
            }

            Log.Done(logger, done.Number, volunteer.Id, done.Minutes);
            await AfterDoneAsync(done, volunteer, snapshot, cancellationToken).ConfigureAwait(false);
            return WishTexts.Done(done, already: false);
        }

        throw new InvalidOperationException($"Wish {command.Number} kept changing during {MaxAttempts} attempts.");
    }

    /// <summary>A photo from a volunteer who marked a wish done within <c>Wishes:PhotoWithin</c>: kept with the wish and on the ticket. Null when it is not that.</summary>
    public async Task<string?> PhotoAsync(Person volunteer, MediaIn photo, CancellationToken cancellationToken)
    {
        if (photo.Kind != "image" || !MayClaim(volunteer) || (photo.MediaId ?? photo.Url) is not { } media)
        {
            return null;
        }

        var now = time.GetUtcNow();
        var within = options.CurrentValue.PhotoWithin;
        var wish = (await wishes.ListAsync(cancellationToken).ConfigureAwait(false))
            .Where(w => w.State == WishState.Done && w.ClaimedBy == volunteer.Id && w.DoneAt >= now - within)
            .MaxBy(w => w.DoneAt);
        if (wish is null)
        {
            return null;
        }

        if (wish.Photo != media)
        {
            var withPhoto = wish.WithPhoto(volunteer.Id, media, now)!;
            if (!await wishes.SaveAsync(withPhoto, cancellationToken).ConfigureAwait(false))
            {
                return null;
            }

            await desk.ChangeAsync(wish.Number, t => t.Attach(volunteer.Id, new TicketAttachment("image", photo.MediaId, photo.Url, now, "心愿完成照片"), now), cancellationToken)
                .ConfigureAwait(false);
        }

        return WishTexts.PhotoKept(wish);
    }

    /// <summary>我的心愿.</summary>
    public async Task<string> MineAsync(Person person, CancellationToken cancellationToken)
    {
        var all = await wishes.ListAsync(cancellationToken).ConfigureAwait(false);
        var claimed = all.Where(w => w.State == WishState.Claimed && w.ClaimedBy == person.Id).ToList();
        var done = all.Where(w => w.State == WishState.Done && w.ClaimedBy == person.Id).ToList();
        var approved = IsApprover(person) ? all.Where(w => w.ApprovedBy == person.Id && w.State != WishState.Done).ToList() : [];
        return WishTexts.Mine(claimed, done, approved);
    }

    /// <summary>Returns every claim whose time ran out to the board, and tells the volunteer and the grid worker (once each); returns how many.</summary>
    public async Task<int> SweepAsync(DirectorySnapshot snapshot, CancellationToken cancellationToken)
    {
        var returned = 0;
        foreach (var number in await wishes.DueAsync(time.GetUtcNow(), 200, cancellationToken).ConfigureAwait(false))
        {
            for (var attempt = 0; attempt < MaxAttempts; attempt++)
            {
                var wish = await wishes.GetAsync(number, cancellationToken).ConfigureAwait(false);
                if (wish?.Return(time.GetUtcNow()) is not { } back)
                {
                    // Done, returned or claimed again meanwhile: a save of its own set its place among the due claims.
                    break;
                }

                if (!await wishes.SaveAsync(back, cancellationToken).ConfigureAwait(false))
                {
                    continue;
                }

                returned++;
                Log.Returned(logger, number, wish.ClaimedBy!);
                await TellReturnedAsync(back, snapshot, cancellationToken).ConfigureAwait(false);
                break;
            }
        }

        // A process that died between saving a return and queueing its messages left them unsent: the messages
        // of the returns of the last day are queued again (their ids make each go once).
        var since = time.GetUtcNow() - ReturnsMadeUpFor;
        foreach (var wish in await wishes.ListAsync(cancellationToken).ConfigureAwait(false))
        {
            if (wish is { State: WishState.Open, Events: [.., { Action: WishActions.Returned } last] } && last.At >= since)
            {
                await TellReturnedAsync(wish, snapshot, cancellationToken).ConfigureAwait(false);
            }
        }

        return returned;
    }

    /// <summary>How long after a return the sweep still makes sure its messages were queued.</summary>
    private static readonly TimeSpan ReturnsMadeUpFor = TimeSpan.FromDays(1);

    /// <summary>Tells the volunteer whose claim ran out and the grid worker who approved it, once each (the step is the claim's number).</summary>
    private async Task TellReturnedAsync(Wish back, DirectorySnapshot snapshot, CancellationToken cancellationToken)
    {
        var volunteer = back.Events[^1].Note is { } id ? snapshot.Person(id) : null;
        var step = "return" + back.Claims.ToString(CultureInfo.InvariantCulture);
        if (volunteer is not null)
        {
            await TellStaffAsync(back, step, volunteer, WishTexts.ReturnedForVolunteer(back), cancellationToken).ConfigureAwait(false);
        }

        await TellStaffAsync(back, step, snapshot.Person(back.ApprovedBy), WishTexts.ReturnedForWorker(back, volunteer), cancellationToken).ConfigureAwait(false);
    }

    /// <summary>The wishes, newest approval first; only those in <paramref name="state"/> when given.</summary>
    public async Task<IReadOnlyList<Wish>> ListAsync(WishState? state, CancellationToken cancellationToken) =>
        [.. (await wishes.ListAsync(cancellationToken).ConfigureAwait(false)).Where(w => state is null || w.State == state)];

    /// <summary>Posted (wish tickets opened), approved, claimed (every claim) and done from <paramref name="from"/> to <paramref name="to"/>, per grid and month.</summary>
    public async Task<WishFigures> FiguresAsync(DateTimeOffset from, DateTimeOffset to, string? grid, CancellationToken cancellationToken)
    {
        bool In(DateTimeOffset? at) => at is { } t && t >= from && t <= to;
        bool OfGrid(string? g) => grid is null || string.Equals(g, grid, StringComparison.OrdinalIgnoreCase);
        static string Month(DateTimeOffset at) => ChinaTime.ToChina(at).ToString("yyyy-MM", CultureInfo.InvariantCulture);

        var posted = await tickets.ListAsync(new TicketQuery(Category: IntakeCategories.Wish, Grid: grid, From: from, To: to, Limit: 10_000), cancellationToken).ConfigureAwait(false);
        var all = (await wishes.ListAsync(cancellationToken).ConfigureAwait(false)).Where(w => OfGrid(w.Grid)).ToList();
        var marks = posted.Select(t => (Grid: t.Grid ?? "-", At: t.CreatedAt, What: 0))
            .Concat(all.Where(w => In(w.ApprovedAt)).Select(w => (Grid: w.Grid ?? "-", At: w.ApprovedAt, What: 1)))
            .Concat(all.SelectMany(w => w.Events.Where(e => e.Action == WishActions.Claimed && In(e.At)).Select(e => (Grid: w.Grid ?? "-", e.At, What: 2))))
            .Concat(all.Where(w => w.State == WishState.Done && In(w.DoneAt)).Select(w => (Grid: w.Grid ?? "-", At: w.DoneAt!.Value, What: 3)))
            .ToList();
        var months = marks.GroupBy(m => (m.Grid, Month: Month(m.At)))
            .OrderBy(g => g.Key.Grid, StringComparer.Ordinal).ThenBy(g => g.Key.Month, StringComparer.Ordinal)
            .Select(g => new WishMonth(g.Key.Grid, g.Key.Month, g.Count(m => m.What == 0), g.Count(m => m.What == 1), g.Count(m => m.What == 2), g.Count(m => m.What == 3)))
            .ToList();
        return new WishFigures(months.Sum(m => m.Posted), months.Sum(m => m.Approved), months.Sum(m => m.Claimed), months.Sum(m => m.Done), months);
    }

    /// <summary>The wishes done from <paramref name="from"/> to <paramref name="to"/> for the public notice board, oldest first.</summary>
    public async Task<IReadOnlyList<DoneWish>> DoneAsync(DateTimeOffset from, DateTimeOffset to, DirectorySnapshot snapshot, CancellationToken cancellationToken) =>
        [.. (await wishes.ListAsync(cancellationToken).ConfigureAwait(false))
            .Where(w => w.State == WishState.Done && w.DoneAt >= from && w.DoneAt <= to)
            .OrderBy(w => w.DoneAt)
            .Select(w => new DoneWish(w.Number, w.Grid, w.Grid is { } g ? snapshot.Grid(g)?.Name : null, w.Summary, w.Building, ChinaTime.DayOf(w.DoneAt!.Value),
                w.ClaimedBy is { } v ? snapshot.Person(v)?.Name : null, Math.Round(w.Minutes / 60m, 2)))];

    /// <summary>The grid worker and the resident hear who claimed the wish (once per claim: the ids name it).</summary>
    private async Task AfterClaimAsync(Wish claimed, Person volunteer, DirectorySnapshot snapshot, CancellationToken cancellationToken)
    {
        var step = "claim" + claimed.Claims.ToString(CultureInfo.InvariantCulture);
        await TellStaffAsync(claimed, step, snapshot.Person(claimed.ApprovedBy), WishTexts.ClaimedForWorker(claimed, volunteer), cancellationToken).ConfigureAwait(false);
        var ticket = await tickets.GetAsync(claimed.Number, cancellationToken).ConfigureAwait(false);
        if (ticket is not null && reach.Resident(ticket) is { } resident)
        {
            var text = WishTexts.ClaimedForResident(claimed, volunteer);
            await outbox.QueueAsync(new OutboundMessage(Id(claimed, step, Reach.ReporterId), resident, MessageKinds.Progress, text.Text, text.Fields), cancellationToken)
                .ConfigureAwait(false);
        }
    }

    /// <summary>The hours, the ticket resolved, the grid worker told; each safe to repeat (the entry and the messages have ids, a resolved ticket is not resolved again).</summary>
    private async Task AfterDoneAsync(Wish done, Person volunteer, DirectorySnapshot snapshot, CancellationToken cancellationToken)
    {
        var ticket = await tickets.GetAsync(done.Number, cancellationToken).ConfigureAwait(false);
        await care.SaveAsync(new CareEntry($"{CareKinds.Wish}:{done.Number}", CareKinds.Wish, volunteer.Id, ticket?.HouseholdId, done.DoneAt!.Value, done.Minutes, done.DoneNote, null),
            cancellationToken).ConfigureAwait(false);

        // Resolved through the ticket's own transition: the resident reads the note and is asked to confirm and rate (居民评单).
        await desk.ChangeAsync(done.Number, t => t.Events.Any(e => e.Action == TicketActions.Resolved && e.At == done.DoneAt)
            ? TicketResult.Refuse(t, TicketRefusal.WrongStatus)
            : t.Resolve(volunteer.Id, WishTexts.ResolveNote(done, volunteer), done.DoneAt!.Value), cancellationToken).ConfigureAwait(false);
        await TellStaffAsync(done, "done", snapshot.Person(done.ApprovedBy), WishTexts.DoneForWorker(done, volunteer), cancellationToken).ConfigureAwait(false);
    }

    private async Task<string> ClaimedTextAsync(Wish wish, DirectorySnapshot snapshot, CancellationToken cancellationToken)
    {
        var ticket = await tickets.GetAsync(wish.Number, cancellationToken).ConfigureAwait(false);
        if (ticket is null)
        {
            return WishTexts.NoSuchWish(wish.ShortNumber);
        }

        var home = ticket.HouseholdId is { } id ? snapshot.Household(id) : null;
        return WishTexts.Claimed(wish, ticket, home, snapshot.Person(wish.ApprovedBy));
    }

    private async Task TellStaffAsync(Wish wish, string step, Person? person, OutboundText text, CancellationToken cancellationToken)
    {
        if (person is not null && reach.Staff(person) is { } to)
        {
            await outbox.QueueAsync(new OutboundMessage(Id(wish, step, person.Id), to, MessageKinds.Progress, text.Text, text.Fields), cancellationToken).ConfigureAwait(false);
        }
    }

    private static string Id(Wish wish, string step, string recipient) => $"wish:{wish.Number}:{step}:{FestivalCare.Escape(recipient)}";

    /// <summary>A wish by its full number, or by its last four digits (an open or claimed one first, then the newest).</summary>
    private async Task<Wish?> FindWishAsync(string number, CancellationToken cancellationToken)
    {
        if (number.Length > 4)
        {
            return await wishes.GetAsync(number, cancellationToken).ConfigureAwait(false);
        }

        var match = (await wishes.ListAsync(cancellationToken).ConfigureAwait(false)).Where(w => w.ShortNumber == number)
            .OrderBy(w => w.State == WishState.Done).ThenByDescending(w => w.ApprovedAt).FirstOrDefault();
        return match is null ? null : await wishes.GetAsync(match.Number, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>A ticket by its full number, or by its last four digits among the wish tickets of the worker's grids (newest first).</summary>
    private async Task<Ticket?> FindTicketAsync(Person worker, string number, DirectorySnapshot snapshot, CancellationToken cancellationToken)
    {
        if (number.Length > 4)
        {
            return await tickets.GetAsync(number, cancellationToken).ConfigureAwait(false);
        }

        var own = await tickets.ListByAssigneeAsync(worker.Id, cancellationToken).ConfigureAwait(false);
        if (own.FirstOrDefault(t => t.ShortNumber == number && t.Category == IntakeCategories.Wish) is { } assigned)
        {
            return assigned;
        }

        var grids = worker.Has(Role.Secretary) ? [null] : worker.Grids.Select(g => (string?)g).ToList();
        foreach (var grid in grids)
        {
            var found = (await tickets.ListAsync(new TicketQuery(Category: IntakeCategories.Wish, Grid: grid, Limit: 1000), cancellationToken).ConfigureAwait(false))
                .FirstOrDefault(t => t.ShortNumber == number);
            if (found is not null)
            {
                return found;
            }
        }

        return null;
    }
}
