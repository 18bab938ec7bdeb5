using Microsoft.Extensions.Options;
using NeighborBot.Conversations;
using NeighborBot.Directory;
using NeighborBot.Intake;

namespace NeighborBot.Tickets;

/// <summary>
/// The loop the community runs: 平台派单 (route and assign), 干部接单 (accept, resolve, transfer,
/// return), 居民评单 (rate), and what admins and the timers do. Each command loads the ticket,
/// applies one of its transitions and saves it; who must hear of the change is the notifier's
/// business (<see cref="TicketNotifier"/>), reached through the events the ticket records.
/// </summary>
public sealed class TicketCommands(
    TicketDesk desk,
    ITicketStore tickets,
    DirectoryCache directory,
    Router router,
    IOptionsMonitor<SlaOptions> sla,
    TimeProvider time)
{
    /// <summary>Routes a ticket no one has routed yet and assigns it with its deadlines.</summary>
    public async Task<TicketResult> DispatchAsync(string number, CancellationToken cancellationToken)
    {
        var snapshot = await directory.GetAsync(cancellationToken).ConfigureAwait(false);
        var current = await tickets.GetAsync(number, cancellationToken).ConfigureAwait(false);
        if (current is null)
        {
            return TicketResult.NotFound;
        }

        if (!current.AwaitsDispatch)
        {
            return TicketResult.Refuse(current, TicketRefusal.WrongStatus);
        }

        var route = router.Decide(current, snapshot, await LoadsAsync(snapshot, cancellationToken).ConfigureAwait(false));
        if (route.Handler is not { } handler)
        {
            return TicketResult.Refuse(current, TicketRefusal.UnknownTarget);
        }

        var settings = sla.CurrentValue;
        var now = time.GetUtcNow();
        return await desk.ChangeAsync(number, t => !t.AwaitsDispatch ? TicketResult.Refuse(t, TicketRefusal.WrongStatus) : t.Assign(
            Ticket.System, handler.Id, $"{handler.Name}（{route.Reason}）", settings.AcceptBy(t, t.CreatedAt), settings.ResolveBy(t, t.CreatedAt),
            [.. route.Informed.Select(p => p.Id)], now), cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// Routes again a ticket assigned before its place was known (to the secretary, or by the grid of the reporter's
    /// home), now that its place names a grid and nobody has taken it: to whom that grid sends it, and with it told
    /// whoever that grid tells (the grid leader of an urgent ticket) and was not told yet. The same handler with
    /// nobody new to tell changes nothing.
    /// </summary>
    public async Task<TicketResult> RerouteAsync(Ticket ticket, int from, CancellationToken cancellationToken)
    {
        if (!ticket.AwaitsRerouting(from))
        {
            return TicketResult.Refuse(ticket, TicketRefusal.WrongStatus);
        }

        var snapshot = await directory.GetAsync(cancellationToken).ConfigureAwait(false);
        var route = router.Decide(ticket, snapshot, await LoadsAsync(snapshot, cancellationToken).ConfigureAwait(false));
        var told = ticket.Events.Where(e => e.Action == TicketActions.Assigned).SelectMany(e => (e.Cc ?? []).Append(e.To)).ToHashSet();
        var informed = route.Informed.Select(p => p.Id).Where(id => !told.Contains(id)).ToList();
        if (route.Handler is not { } handler || (handler.Id == ticket.Assignee && informed.Count == 0))
        {
            return TicketResult.Refuse(ticket, TicketRefusal.WrongStatus);
        }

        var settings = sla.CurrentValue;
        return await desk.ChangeAsync(ticket.Number, t => !t.AwaitsRerouting(from) ? TicketResult.Refuse(t, TicketRefusal.WrongStatus) : t.Assign(
            Ticket.System, handler.Id, $"{handler.Name}（{route.Reason}）", settings.AcceptBy(t, t.CreatedAt), settings.ResolveBy(t, t.CreatedAt),
            informed, time.GetUtcNow()), cancellationToken).ConfigureAwait(false);
    }

    /// <summary>How many open tickets each worker holds, read together (one pipelined round trip), to give the work to the least loaded.</summary>
    private async Task<Func<string, int>> LoadsAsync(DirectorySnapshot snapshot, CancellationToken cancellationToken)
    {
        var workers = snapshot.Document.People.Where(p => p.IsWorker).ToList();
        var counts = await Task.WhenAll(workers.Select(p => tickets.CountByAssigneeAsync(p.Id, cancellationToken))).ConfigureAwait(false);
        var loads = workers.Select((p, i) => (p.Id, Count: (int)counts[i])).ToDictionary(x => x.Id, x => x.Count);
        return id => loads.GetValueOrDefault(id);
    }

    /// <summary>接单: the handler (or a grid leader or the secretary) takes the ticket.</summary>
    public Task<TicketResult> AcceptAsync(Person worker, string number, CancellationToken cancellationToken) =>
        ActAsync(worker, number, (t, now) => t.Accept(worker.Id, now), cancellationToken);

    /// <summary>办结 with a note; a ticket never accepted is accepted and resolved in one step.</summary>
    public Task<TicketResult> ResolveAsync(Person worker, string number, string note, CancellationToken cancellationToken) =>
        ActAsync(worker, number, (t, now) => t.Resolve(worker.Id, note, now), cancellationToken);

    /// <summary>转派 to a department (物业), a role (调解员) or a person by name.</summary>
    public async Task<(TicketResult Result, Person? To)> TransferAsync(Person worker, string number, string target, string reason, CancellationToken cancellationToken)
    {
        var snapshot = await directory.GetAsync(cancellationToken).ConfigureAwait(false);
        var current = await tickets.GetAsync(number, cancellationToken).ConfigureAwait(false);
        if (current is null)
        {
            return (TicketResult.NotFound, null);
        }

        if (FindTarget(snapshot, target, current.Grid) is not { } to)
        {
            return (TicketResult.Refuse(current, TicketRefusal.UnknownTarget), null);
        }

        var result = await ActAsync(worker, number, (t, now) => t.Transfer(worker.Id, to.Id, $"转给{to.Name}：{reason}", sla.CurrentValue.AcceptBy(t, now), now),
            cancellationToken).ConfigureAwait(false);
        return (result, to);
    }

    /// <summary>
    /// 改类: staff say what the ticket really is (intake learns from it as from an admin's correction), and it goes to
    /// whoever that category is routed to, with those the route tells; it stays where it is when that is its handler.
    /// Returned with the result: who has it now, when someone new.
    /// </summary>
    public async Task<(TicketResult Result, Person? To)> RecategorizeAsync(Person worker, string number, string category, string reason, CancellationToken cancellationToken)
    {
        var snapshot = await directory.GetAsync(cancellationToken).ConfigureAwait(false);
        var loads = await LoadsAsync(snapshot, cancellationToken).ConfigureAwait(false);
        Person? to = null;
        var result = await ActAsync(worker, number, (t, now) =>
        {
            to = null;
            var recategorized = t.Recategorize(worker.Id, category, reason, now);
            if (!recategorized.Done || router.Decide(recategorized.Ticket!, snapshot, loads) is not { Handler: { } handler } route || handler.Id == t.Assignee)
            {
                return recategorized;
            }

            var changed = recategorized.Ticket!;
            var informed = route.Informed.Select(p => p.Id).Where(id => id != handler.Id && id != worker.Id).ToList();
            var moved = changed.Transfer(worker.Id, handler.Id, $"改为{IntakeCategories.Label(category)}：{reason}", sla.CurrentValue.AcceptBy(changed, now), now, informed);
            to = moved.Done ? handler : null;
            return moved.Done ? moved : recategorized;
        }, cancellationToken).ConfigureAwait(false);
        return (result, result.Done ? to : null);
    }

    /// <summary>
    /// 退回: the handler gives the ticket back. What a department returns ("不归物业维修") goes to a worker of the
    /// ticket's grid who has not had it yet, who owns what has no other owner (returned with the result: who has it now);
    /// what a worker of another grid returns ("8号楼不归俺第二网格", after it was passed to him by mistake) goes to the
    /// ticket's own grid worker, even one who had it before; what the grid's own staff return, or what nobody new can
    /// take, waits for the grid leader to dispatch it again.
    /// </summary>
    public async Task<(TicketResult Result, Person? HandedTo)> ReturnAsync(Person worker, string number, string reason, CancellationToken cancellationToken)
    {
        var snapshot = await directory.GetAsync(cancellationToken).ConfigureAwait(false);
        Person? owner = null;
        var result = await ActAsync(worker, number, (t, now) =>
        {
            var returned = t.Return(worker.Id, reason, now);
            var gridStaff = worker.Has(Role.GridWorker) || worker.Has(Role.GridLeader);
            owner = returned.Done && t.Grid is { } grid && !OfGrid(snapshot, worker, grid)
                ? snapshot.WithRole(Role.GridWorker, grid).Where(p => p.Id != worker.Id && (gridStaff || !HeldBy(t, p.Id))).OrderBy(p => p.Id, StringComparer.Ordinal).FirstOrDefault()
                : null;
            if (owner is null)
            {
                return returned;
            }

            // One change, so that whoever is told of the return already reads who has it now.
            var back = returned.Ticket!;
            var settings = sla.CurrentValue;
            var handed = back.Assign(Ticket.System, owner.Id, $"{owner.Name}：退回后交网格员", settings.AcceptBy(back, now), back.ResolveBy ?? settings.ResolveBy(back, back.CreatedAt), [], now);
            return handed.Done ? handed : returned;
        }, cancellationToken).ConfigureAwait(false);
        return (result, result.Done && result.Ticket?.Assignee == owner?.Id ? owner : null);
    }

    private static bool OfGrid(DirectorySnapshot snapshot, Person person, string grid) =>
        snapshot.WithRole(Role.GridWorker, grid).Concat(snapshot.WithRole(Role.GridLeader, grid)).Any(p => p.Id == person.Id);

    /// <summary>The resident's rating of a resolved ticket: satisfied closes it; not satisfied reopens it.</summary>
    public Task<TicketResult> RateAsync(PersonKey reporter, string number, int rating, string words, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        return desk.ChangeAsync(number, t => t.Rate(reporter.ToString(), rating, words, sla.CurrentValue.ResolveBy(t, now), now), cancellationToken);
    }

    /// <summary>催单: the reporter presses for haste; the handler (and from the second chase the grid leader) hears of it.</summary>
    public Task<TicketResult> ChaseAsync(PersonKey reporter, string number, string words, CancellationToken cancellationToken) =>
        desk.ChangeAsync(number, t => t.Chase(reporter.ToString(), words, time.GetUtcNow()), cancellationToken);

    /// <summary>补充: the reporter's added words go on the ticket and to its handler.</summary>
    public Task<TicketResult> AddDetailAsync(PersonKey reporter, string number, string words, CancellationToken cancellationToken) =>
        desk.ChangeAsync(number, t => t.AddDetail(reporter.ToString(), words, time.GetUtcNow()), cancellationToken);

    /// <summary>
    /// The reporter's later words make the problem of their ticket an emergency: the ticket turns urgent with the urgent
    /// deadlines, its handler hears of it, and so does whoever an urgent ticket of its grid and danger reaches (the grid
    /// leader, the secretary, 消防 for fire, the volunteer paired with the household) and was not told of it yet. A ticket
    /// nobody has routed yet is routed as urgent when it is.
    /// </summary>
    public async Task<TicketResult> MakeUrgentAsync(PersonKey reporter, string number, string words, string hazard, CancellationToken cancellationToken)
    {
        var snapshot = await directory.GetAsync(cancellationToken).ConfigureAwait(false);
        var current = await tickets.GetAsync(number, cancellationToken).ConfigureAwait(false);
        if (current is null)
        {
            return TicketResult.NotFound;
        }

        var now = time.GetUtcNow();
        var settings = sla.CurrentValue;
        var informed = new List<string>();
        if (!current.AwaitsDispatch && current.MakeUrgent(reporter.ToString(), words, hazard, now, now, [], now).Ticket is { Urgent: true } urgent)
        {
            var route = router.Decide(urgent, snapshot, await LoadsAsync(snapshot, cancellationToken).ConfigureAwait(false));
            var told = current.Events.Where(e => e.Action is TicketActions.Assigned or TicketActions.Transferred).SelectMany(e => (e.Cc ?? []).Append(e.To)).ToHashSet();
            informed.AddRange(route.Informed.Select(p => p.Id).Where(id => !told.Contains(id) && id != current.Assignee));
        }

        return await desk.ChangeAsync(number, t =>
        {
            var urgent = t with { Urgent = true };
            return t.MakeUrgent(reporter.ToString(), words, hazard, settings.AcceptBy(urgent, now), settings.ResolveBy(urgent, now), informed, now);
        }, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>How long after its close a ticket can be reopened by its reporter.</summary>
    public TimeSpan ReopenWithin => sla.CurrentValue.ReopenWithin;

    /// <summary>"又坏了": a resolved ticket, or one closed at most <see cref="SlaOptions.ReopenWithin"/> ago, goes back to its handler.</summary>
    public Task<TicketResult> ReopenAsync(PersonKey reporter, string number, string words, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        var settings = sla.CurrentValue;
        return desk.ChangeAsync(number, t => t.Reopen(reporter.ToString(), words, settings.ReopenWithin, settings.ResolveBy(t, now), now), cancellationToken);
    }

    /// <summary>Why the reporter rated low, recorded on the ticket and told to its handler and the grid leader.</summary>
    public Task<TicketResult> ExplainRatingAsync(PersonKey reporter, string number, string words, CancellationToken cancellationToken) =>
        desk.ChangeAsync(number, t => t.ExplainRating(reporter.ToString(), words, time.GetUtcNow()), cancellationToken);

    /// <summary>The resident withdraws a ticket of theirs.</summary>
    public Task<TicketResult> CancelAsync(PersonKey reporter, string number, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        return desk.ChangeAsync(number, t => t.Reporter != reporter.ToString() ? TicketResult.Refuse(t, TicketRefusal.NotYours) : t.Cancel(reporter.ToString(), "居民取消", now),
            cancellationToken);
    }

    /// <summary>Admin: give the ticket to a worker of the directory, with a fresh accept deadline.</summary>
    public async Task<TicketResult> AssignAsync(string actor, string number, string personId, string? note, CancellationToken cancellationToken)
    {
        var snapshot = await directory.GetAsync(cancellationToken).ConfigureAwait(false);
        if (snapshot.Person(personId) is not { IsWorker: true } person)
        {
            return TicketResult.Refuse(await tickets.GetAsync(number, cancellationToken).ConfigureAwait(false), TicketRefusal.UnknownTarget);
        }

        var now = time.GetUtcNow();
        return await desk.ChangeAsync(number, t =>
        {
            var settings = sla.CurrentValue;
            return t.Assign(actor, person.Id, $"{person.Name}{(note is null ? null : "：" + note)}", settings.AcceptBy(t, now), t.ResolveBy ?? settings.ResolveBy(t, t.CreatedAt), [], now);
        }, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Staff correct the category; the pair (the resident's words, the category) is what intake learns from.</summary>
    public Task<TicketResult> RecategorizeAsync(string actor, string number, string category, string? note, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        return desk.ChangeAsync(number, t => t.Recategorize(actor, category, note, now), cancellationToken);
    }

    /// <summary>Admin: close a ticket (for example after a phone call settled it).</summary>
    public Task<TicketResult> CloseAsync(string actor, string number, string? note, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        return desk.ChangeAsync(number, t => t.Close(actor, note, now), cancellationToken);
    }

    /// <summary>Runs the ticket's due timers (escalations, the rating reminder, closing without a rating); returns how many ran.</summary>
    public async Task<int> RunDueTimersAsync(string number, CancellationToken cancellationToken)
    {
        var ticket = await tickets.GetAsync(number, cancellationToken).ConfigureAwait(false);
        var now = time.GetUtcNow();
        var settings = sla.CurrentValue;
        var ran = 0;
        foreach (var timer in ticket is null ? [] : TicketSchedule.Due(ticket, settings, now))
        {
            var result = await desk.ChangeAsync(number, t => timer.Kind switch
            {
                TimerKind.Escalate => t.Escalate(timer.Deadline, timer.Level, timer.DueNote!, now),
                TimerKind.RemindRating => t.RemindRating(now),
                _ => t.AutoClose(now),
            }, cancellationToken).ConfigureAwait(false);
            ran += result.Done ? 1 : 0;
        }

        if (ran == 0)
        {
            // Nothing was due after all (a setting changed, or another instance ran them): the next due time is set right.
            var current = await tickets.GetAsync(number, cancellationToken).ConfigureAwait(false);
            await tickets.SetDueAsync(number, current is null ? null : TicketSchedule.NextDue(current, settings), cancellationToken).ConfigureAwait(false);
        }

        return ran;
    }

    private async Task<TicketResult> ActAsync(Person worker, string number, Func<Ticket, DateTimeOffset, TicketResult> change, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        return await desk.ChangeAsync(number, t => MayHandle(worker, t) ? change(t, now) : TicketResult.Refuse(t, TicketRefusal.NotYours), cancellationToken)
            .ConfigureAwait(false);
    }

    /// <summary>Whether the person has had the ticket before (a worker who passed it on does not get it back from a return).</summary>
    private static bool HeldBy(Ticket ticket, string personId) => ticket.Events.Any(e => e.To == personId || e.From == personId || e.Actor == personId);

    /// <summary>The handler, or a grid leader of the ticket's grid, or the secretary.</summary>
    public static bool MayHandle(Person worker, Ticket ticket) =>
        ticket.Assignee == worker.Id
        || worker.Has(Role.Secretary)
        || (worker.Has(Role.GridLeader) && ticket.Grid is not null && worker.Grids.Contains(ticket.Grid));

    private static Person? FindTarget(DirectorySnapshot snapshot, string target, string? grid)
    {
        var department = snapshot.OfDepartment(target).FirstOrDefault();
        if (department is not null)
        {
            return department;
        }

        var role = target switch
        {
            "网格员" => Role.GridWorker,
            "网格长" or "组长" => Role.GridLeader,
            "调解员" => Role.Mediator,
            "志愿者" => Role.Volunteer,
            "书记" => Role.Secretary,
            _ => Role.All.FirstOrDefault(r => r == target),
        };
        if (role is not null)
        {
            var all = snapshot.WithRole(role).ToList();
            return all.FirstOrDefault(p => grid is not null && p.Grids.Contains(grid)) ?? all.FirstOrDefault();
        }

        // "志愿者刘洋", "网格员王磊", "刘洋师傅": a name with the person's role or a courtesy before or after it.
        var name = NameTitles.Aggregate(target, (t, title) => t.StartsWith(title, StringComparison.Ordinal) && t.Length > title.Length ? t[title.Length..]
            : t.EndsWith(title, StringComparison.Ordinal) && t.Length > title.Length ? t[..^title.Length] : t);
        return snapshot.Document.People.FirstOrDefault(p => p.CanBeHandedTickets && (p.Name == target || p.Id == target || p.Name == name));
    }

    private static readonly string[] NameTitles = ["志愿者", "网格员", "网格长", "调解员", "书记", "师傅", "老师", "同志"];
}
