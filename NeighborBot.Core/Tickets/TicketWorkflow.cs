using System.Globalization;
using Microsoft.Extensions.Options;
using NeighborBot.Conversations;
using NeighborBot.Directory;
using NeighborBot.Notifications;

namespace NeighborBot.Tickets;

/// <summary>Why a worker's or an admin's action on a ticket was refused.</summary>
public enum Refusal
{
    None,
    NotFound,
    NotYours,
    WrongStatus,
    UnknownTarget,
}

/// <summary>The outcome of an action: the ticket as saved, or why nothing changed.</summary>
public sealed record TicketOutcome(Ticket? Ticket, Refusal Refusal = Refusal.None)
{
    public bool Done => Refusal == Refusal.None && Ticket is not null;
}

/// <summary>
/// The loop the community runs: 平台派单 (route and assign), 干部接单 (accept, resolve, transfer,
/// return), 居民评单 (rate), with the deadlines and escalations in between. Every change is an
/// event on the ticket; people are told through the outbox (sent by jobs), never inline.
/// </summary>
public sealed class TicketWorkflow(
    TicketDesk desk,
    ITicketStore tickets,
    DirectoryCache directory,
    Router router,
    IOutbox outbox,
    ITicketTimers timers,
    IOptionsMonitor<SlaOptions> sla,
    WeChat.WeChatAccounts accounts,
    TimeProvider time)
{
    public const string System = "system";

    /// <summary>Routes a new ticket, assigns it, sets its deadlines and tells the people concerned.</summary>
    public async Task<TicketOutcome> DispatchAsync(string number, CancellationToken cancellationToken)
    {
        var snapshot = await directory.GetAsync(cancellationToken).ConfigureAwait(false);
        var current = await tickets.GetAsync(number, cancellationToken).ConfigureAwait(false);
        if (current is null)
        {
            return new(null, Refusal.NotFound);
        }

        if (current.Status != TicketStatus.Submitted || current.Assignee is not null)
        {
            return new(current, Refusal.WrongStatus);
        }

        // The queues are read together (one pipelined round trip), to give the work to the least loaded.
        var workers = snapshot.Document.People.Where(p => p.IsWorker).ToList();
        var counts = await Task.WhenAll(workers.Select(p => tickets.CountByAssigneeAsync(p.Id, cancellationToken))).ConfigureAwait(false);
        var loads = workers.Select((p, i) => (p.Id, Count: (int)counts[i])).ToDictionary(x => x.Id, x => x.Count);

        var route = router.Decide(current, snapshot, id => loads.GetValueOrDefault(id));
        if (route.Handler is null)
        {
            return new(current, Refusal.UnknownTarget);
        }

        var times = sla.CurrentValue.For(current);
        var now = time.GetUtcNow();
        var (assigned, changed) = await ChangeAsync(number, t => t.Status != TicketStatus.Submitted || t.Assignee is not null ? null : t.With(
            new TicketEvent(now, System, "assigned", $"{route.Handler.Name}（{route.Reason}）"), TicketStatus.Assigned) with
        {
            Assignee = route.Handler.Id,
            AcceptBy = t.CreatedAt + times.AcceptWithin,
            ResolveBy = t.CreatedAt + times.ResolveWithin,
        }, cancellationToken).ConfigureAwait(false);
        if (assigned is null || !changed)
        {
            return new(assigned, Refusal.WrongStatus);
        }

        await TellAsync(assigned, route.Handler, "assignment", WorkerTexts.Assignment(assigned, snapshot), cancellationToken).ConfigureAwait(false);
        foreach (var person in route.Informed)
        {
            await TellAsync(assigned, person, "assignment", WorkerTexts.ForInformation(assigned, route.Handler, snapshot), cancellationToken).ConfigureAwait(false);
        }

        await timers.CheckDeadlineAsync(number, Deadline.Accept, 1, assigned.AcceptBy!.Value, cancellationToken).ConfigureAwait(false);
        await timers.CheckDeadlineAsync(number, Deadline.Resolve, 1, assigned.ResolveBy!.Value, cancellationToken).ConfigureAwait(false);
        return new(assigned);
    }

    /// <summary>
    /// The safety net for a dispatch that never ran (its job was lost with the process): dispatches
    /// tickets of the last week still submitted and unassigned a minute after they were opened.
    /// Tickets a worker returned wait for a person to dispatch them again and are left alone.
    /// </summary>
    public async Task<int> DispatchStrandedAsync(CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        var waiting = await tickets.ListAsync(new TicketQuery(TicketStatus.Submitted, From: now.AddDays(-7), To: now.AddMinutes(-1)), cancellationToken)
            .ConfigureAwait(false);
        var dispatched = 0;
        foreach (var ticket in waiting.Where(t => t.Assignee is null && t.Events.All(e => e.Action != "returned")))
        {
            dispatched += (await DispatchAsync(ticket.Number, cancellationToken).ConfigureAwait(false)).Done ? 1 : 0;
        }

        return dispatched;
    }

    /// <summary>接单: the handler (or a grid leader or the secretary) takes the ticket; the resident is told.</summary>
    public Task<TicketOutcome> AcceptAsync(Person worker, string number, CancellationToken cancellationToken) =>
        ActAsync(worker, number, t => t.Status is TicketStatus.Assigned or TicketStatus.Reopened, (t, now) =>
            t.With(new TicketEvent(now, worker.Id, "accepted"), TicketStatus.Accepted) with { AcceptedAt = t.AcceptedAt ?? now, Assignee = worker.Id },
            async (saved, snapshot) => await TellResidentAsync(saved, "progress", ResidentTexts.Accepted(saved, worker), cancellationToken).ConfigureAwait(false),
            cancellationToken);

    /// <summary>办结: the handler resolves the ticket with a note; the resident is asked to rate it.</summary>
    public Task<TicketOutcome> ResolveAsync(Person worker, string number, string note, CancellationToken cancellationToken) =>
        ActAsync(worker, number, t => t.Status is TicketStatus.Assigned or TicketStatus.Accepted or TicketStatus.Reopened, (t, now) =>
            t.With(new TicketEvent(now, worker.Id, "resolved", note), TicketStatus.Resolved) with
            {
                ResolvedAt = now,
                AcceptedAt = t.AcceptedAt ?? now,
                Assignee = worker.Id,
            },
            async (saved, snapshot) =>
            {
                await TellResidentAsync(saved, "rating", ResidentTexts.Resolved(saved, note), cancellationToken).ConfigureAwait(false);
                var settings = sla.CurrentValue;
                await timers.FollowUpAsync(saved.Number, FollowUp.Remind, saved.ResolvedAt!.Value + settings.RatingReminderAfter, cancellationToken).ConfigureAwait(false);
                await timers.FollowUpAsync(saved.Number, FollowUp.Close, saved.ResolvedAt!.Value + settings.AutoCloseAfter, cancellationToken).ConfigureAwait(false);
            },
            cancellationToken);

    /// <summary>转派: hands the ticket to a department (物业), a role (调解员) or a person by name; the new handler is told.</summary>
    public async Task<TicketOutcome> TransferAsync(Person worker, string number, string target, string reason, CancellationToken cancellationToken)
    {
        var snapshot = await directory.GetAsync(cancellationToken).ConfigureAwait(false);
        var current = await tickets.GetAsync(number, cancellationToken).ConfigureAwait(false);
        var to = current is null ? null : FindTarget(snapshot, target, current.Grid);
        if (current is not null && to is null)
        {
            return new(current, Refusal.UnknownTarget);
        }

        return await ActAsync(worker, number, t => t.IsActive, (t, now) =>
            t.With(new TicketEvent(now, worker.Id, "transferred", $"转给{to!.Name}：{reason}"), TicketStatus.Assigned) with
            {
                Assignee = to.Id,
                AcceptBy = now + sla.CurrentValue.For(t).AcceptWithin,
            },
            async (saved, _) =>
            {
                await TellAsync(saved, to!, "assignment", WorkerTexts.Transferred(saved, worker, reason, snapshot), cancellationToken).ConfigureAwait(false);
                await timers.CheckDeadlineAsync(saved.Number, Deadline.Accept, 1, saved.AcceptBy!.Value, cancellationToken).ConfigureAwait(false);
            },
            cancellationToken).ConfigureAwait(false);
    }

    /// <summary>退回: the handler gives the ticket back; the grid leader (else the secretary) is asked to dispatch it again.</summary>
    public Task<TicketOutcome> ReturnAsync(Person worker, string number, string reason, CancellationToken cancellationToken) =>
        ActAsync(worker, number, t => t.Status is TicketStatus.Assigned or TicketStatus.Accepted or TicketStatus.Reopened, (t, now) =>
            t.With(new TicketEvent(now, worker.Id, "returned", reason), TicketStatus.Submitted) with { Assignee = null },
            async (saved, snapshot) =>
            {
                foreach (var boss in Supervisors(snapshot, saved.Grid, 1))
                {
                    await TellAsync(saved, boss, "escalation", WorkerTexts.Returned(saved, worker, reason), cancellationToken).ConfigureAwait(false);
                }
            },
            cancellationToken);

    /// <summary>The resident's rating of a resolved ticket: satisfied closes it; not satisfied reopens it and tells the grid leader.</summary>
    public async Task<TicketOutcome> RateAsync(PersonKey reporter, string number, int rating, string words, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        var satisfied = rating >= 3;
        var (saved, changed) = await ChangeAsync(number, t => t.Status != TicketStatus.Resolved || t.Reporter != reporter.ToString() ? null
            : t.With(new TicketEvent(now, reporter.ToString(), "rated", words), satisfied ? TicketStatus.Closed : TicketStatus.Reopened) with
            {
                Rating = rating,
                ClosedAt = satisfied ? now : null,
                ResolvedAt = satisfied ? t.ResolvedAt : null,
                ResolveBy = satisfied ? t.ResolveBy : now + sla.CurrentValue.For(t).ResolveWithin,
            }, cancellationToken).ConfigureAwait(false);
        if (saved is null)
        {
            return new(null, Refusal.NotFound);
        }

        if (!changed)
        {
            return new(saved, Refusal.WrongStatus);
        }

        if (!satisfied)
        {
            var snapshot = await directory.GetAsync(cancellationToken).ConfigureAwait(false);
            var told = Supervisors(snapshot, saved.Grid, 1).ToList();
            if (saved.Assignee is { } id && snapshot.Person(id) is { } handler)
            {
                told.Add(handler);
            }

            foreach (var person in told.DistinctBy(p => p.Id))
            {
                await TellAsync(saved, person, "escalation", WorkerTexts.Reopened(saved, words), cancellationToken).ConfigureAwait(false);
            }

            await timers.CheckDeadlineAsync(saved.Number, Deadline.Resolve, 1, saved.ResolveBy!.Value, cancellationToken).ConfigureAwait(false);
        }

        return new(saved);
    }

    /// <summary>
    /// A deadline job: when the ticket has not moved past the stage, tell the grid leader (level 1)
    /// or the secretary (level 2). A job that fires after the ticket moved on does nothing.
    /// </summary>
    public async Task<TicketOutcome> CheckDeadlineAsync(string number, Deadline deadline, int level, CancellationToken cancellationToken)
    {
        var ticket = await tickets.GetAsync(number, cancellationToken).ConfigureAwait(false);
        if (ticket is null)
        {
            return new(null, Refusal.NotFound);
        }

        bool Missed(Ticket t) => deadline == Deadline.Accept
            ? t.Status is TicketStatus.Assigned or TicketStatus.Submitted
            : t.Status is TicketStatus.Assigned or TicketStatus.Accepted or TicketStatus.Reopened;

        var due = deadline == Deadline.Accept ? ticket.AcceptBy : ticket.ResolveBy;
        var now = time.GetUtcNow();
        if (!Missed(ticket) || due is null)
        {
            return new(ticket, Refusal.WrongStatus);
        }

        if (due > now)
        {
            // Fired early (the deadline moved later, e.g. after a transfer): look again then.
            await timers.CheckDeadlineAsync(number, deadline, level, due.Value, cancellationToken).ConfigureAwait(false);
            return new(ticket, Refusal.WrongStatus);
        }

        // One escalation per stage, level and deadline, even when the job runs twice at once.
        var action = $"escalated-{deadline.ToString().ToLowerInvariant()}-{level}";
        var (saved, changed) = await ChangeAsync(number, t => !Missed(t) || t.Events.Any(e => e.Action == action && e.Note == Due(due.Value)) ? null
            : t.With(new TicketEvent(now, System, action, Due(due.Value))), cancellationToken).ConfigureAwait(false);
        if (!changed)
        {
            return new(saved, Refusal.WrongStatus);
        }

        var snapshot = await directory.GetAsync(cancellationToken).ConfigureAwait(false);
        foreach (var boss in Supervisors(snapshot, saved!.Grid, level))
        {
            await TellAsync(saved, boss, "escalation", WorkerTexts.Overdue(saved, deadline, level, snapshot), cancellationToken).ConfigureAwait(false);
        }

        if (level == 1)
        {
            await timers.CheckDeadlineAsync(number, deadline, 2, now + sla.CurrentValue.EscalateAgainAfter, cancellationToken).ConfigureAwait(false);
        }

        return new(saved);
    }

    /// <summary>After resolving: remind the resident to rate once, then close without a rating.</summary>
    public async Task<TicketOutcome> FollowUpAsync(string number, FollowUp step, CancellationToken cancellationToken)
    {
        var ticket = await tickets.GetAsync(number, cancellationToken).ConfigureAwait(false);
        if (ticket is null || ticket.Status != TicketStatus.Resolved || ticket.ResolvedAt is null)
        {
            return new(ticket, ticket is null ? Refusal.NotFound : Refusal.WrongStatus);
        }

        var settings = sla.CurrentValue;
        var now = time.GetUtcNow();
        var at = ticket.ResolvedAt.Value + (step == FollowUp.Remind ? settings.RatingReminderAfter : settings.AutoCloseAfter);
        if (at > now)
        {
            await timers.FollowUpAsync(number, step, at, cancellationToken).ConfigureAwait(false);
            return new(ticket, Refusal.WrongStatus);
        }

        if (step == FollowUp.Remind)
        {
            var (reminded, changed) = await ChangeAsync(number, t => t.Status != TicketStatus.Resolved || t.Events.Any(e => e.Action == "rating-reminder" && e.At >= t.ResolvedAt) ? null
                : t.With(new TicketEvent(now, System, "rating-reminder")), cancellationToken).ConfigureAwait(false);
            if (changed)
            {
                await TellResidentAsync(reminded!, "reminder", ResidentTexts.RatingReminder(reminded!), cancellationToken).ConfigureAwait(false);
            }

            return new(reminded, changed ? Refusal.None : Refusal.WrongStatus);
        }

        var closed = await desk.ChangeAsync(number, t => t.Status != TicketStatus.Resolved ? null
            : t.With(new TicketEvent(now, System, "auto-closed", "居民未评价"), TicketStatus.Closed) with { ClosedAt = now }, cancellationToken).ConfigureAwait(false);
        return new(closed);
    }

    /// <summary>Admin: give the ticket to a person of the directory.</summary>
    public async Task<TicketOutcome> AssignAsync(string actor, string number, string personId, string? note, CancellationToken cancellationToken)
    {
        var snapshot = await directory.GetAsync(cancellationToken).ConfigureAwait(false);
        if (snapshot.Person(personId) is not { IsWorker: true } person)
        {
            return new(await tickets.GetAsync(number, cancellationToken).ConfigureAwait(false), Refusal.UnknownTarget);
        }

        var now = time.GetUtcNow();
        var (saved, changed) = await ChangeAsync(number, t => !t.IsActive ? null : t.With(
            new TicketEvent(now, actor, "assigned", $"{person.Name}{(note is null ? null : "：" + note)}"), TicketStatus.Assigned) with
        {
            Assignee = person.Id,
            AcceptBy = now + sla.CurrentValue.For(t).AcceptWithin,
            ResolveBy = t.ResolveBy ?? t.CreatedAt + sla.CurrentValue.For(t).ResolveWithin,
        }, cancellationToken).ConfigureAwait(false);
        if (saved is null)
        {
            return new(null, Refusal.NotFound);
        }

        if (!changed)
        {
            return new(saved, Refusal.WrongStatus);
        }

        await TellAsync(saved, person, "assignment", WorkerTexts.Assignment(saved, snapshot), cancellationToken).ConfigureAwait(false);
        await timers.CheckDeadlineAsync(number, Deadline.Accept, 1, saved.AcceptBy!.Value, cancellationToken).ConfigureAwait(false);
        return new(saved);
    }

    /// <summary>Admin: close a ticket (for example after a phone call settled it).</summary>
    public async Task<TicketOutcome> CloseAsync(string actor, string number, string? note, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        var (saved, changed) = await ChangeAsync(number, t => !t.IsOpen ? null
            : t.With(new TicketEvent(now, actor, "closed", note), TicketStatus.Closed) with { ClosedAt = now }, cancellationToken).ConfigureAwait(false);
        return saved is null ? new(null, Refusal.NotFound) : changed ? new(saved) : new(saved, Refusal.WrongStatus);
    }

    /// <summary>The worker's open tickets, and the overdue ones in their reach (own queue; a leader's grids; everything for the secretary).</summary>
    public async Task<(IReadOnlyList<Ticket> Mine, IReadOnlyList<Ticket> Overdue)> QueueAsync(Person worker, CancellationToken cancellationToken)
    {
        var mine = await tickets.ListByAssigneeAsync(worker.Id, cancellationToken).ConfigureAwait(false);
        var now = time.GetUtcNow();
        IEnumerable<Ticket> reach = mine;
        if (worker.Has(Role.GridLeader) || worker.Has(Role.Secretary))
        {
            var recent = await tickets.ListAsync(new TicketQuery(From: now.AddDays(-60), Limit: 2000), cancellationToken).ConfigureAwait(false);
            reach = recent.Where(t => worker.Has(Role.Secretary) || (t.Grid is not null && worker.Grids.Contains(t.Grid)));
        }

        var overdue = reach.Where(t => IsOverdue(t, now)).DistinctBy(t => t.Number).ToList();
        return (mine, overdue);
    }

    public static bool IsOverdue(Ticket t, DateTimeOffset now) =>
        (t.Status is TicketStatus.Assigned or TicketStatus.Submitted && t.AcceptBy < now)
        || (t.Status is TicketStatus.Assigned or TicketStatus.Accepted or TicketStatus.Reopened && t.ResolveBy < now);

    /// <summary>One of the worker's own tickets by full number or last four digits; else any ticket by full number.</summary>
    public async Task<Ticket?> FindForWorkerAsync(Person worker, string number, CancellationToken cancellationToken)
    {
        if (number.Length > 4)
        {
            return await tickets.GetAsync(number, cancellationToken).ConfigureAwait(false);
        }

        var mine = await tickets.ListByAssigneeAsync(worker.Id, cancellationToken).ConfigureAwait(false);
        return mine.FirstOrDefault(t => t.ShortNumber == number);
    }

    /// <summary>
    /// Applies a change through <see cref="TicketDesk.ChangeAsync"/> and says whether this call made
    /// it (a change returning null leaves the ticket, e.g. because it moved on meanwhile).
    /// </summary>
    private async Task<(Ticket? Ticket, bool Changed)> ChangeAsync(string number, Func<Ticket, Ticket?> change, CancellationToken cancellationToken)
    {
        var changed = false;
        var saved = await desk.ChangeAsync(number, t =>
        {
            var next = change(t);
            changed = next is not null;
            return next;
        }, cancellationToken).ConfigureAwait(false);
        return (saved, changed && saved is not null);
    }

    private async Task<TicketOutcome> ActAsync(
        Person worker,
        string number,
        Func<Ticket, bool> allowed,
        Func<Ticket, DateTimeOffset, Ticket> change,
        Func<Ticket, DirectorySnapshot, Task> after,
        CancellationToken cancellationToken)
    {
        var snapshot = await directory.GetAsync(cancellationToken).ConfigureAwait(false);
        var current = await tickets.GetAsync(number, cancellationToken).ConfigureAwait(false);
        if (current is null)
        {
            return new(null, Refusal.NotFound);
        }

        if (!MayHandle(worker, current))
        {
            return new(current, Refusal.NotYours);
        }

        var now = time.GetUtcNow();
        var (saved, changed) = await ChangeAsync(number, t => allowed(t) && MayHandle(worker, t) ? change(t, now) : null, cancellationToken)
            .ConfigureAwait(false);
        if (!changed)
        {
            return new(saved ?? current, Refusal.WrongStatus);
        }

        await after(saved!, snapshot).ConfigureAwait(false);
        return new(saved);
    }

    /// <summary>The handler, or a grid leader of the ticket's grid, or the secretary.</summary>
    private static bool MayHandle(Person worker, Ticket ticket) =>
        ticket.Assignee == worker.Id
        || worker.Has(Role.Secretary)
        || (worker.Has(Role.GridLeader) && ticket.Grid is not null && worker.Grids.Contains(ticket.Grid));

    private static IEnumerable<Person> Supervisors(DirectorySnapshot snapshot, string? grid, int level)
    {
        var leaders = level == 1 && grid is not null ? snapshot.WithRole(Role.GridLeader, grid).ToList() : [];
        return leaders.Count > 0 ? leaders : snapshot.WithRole(Role.Secretary);
    }

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
            "书记" => Role.Secretary,
            _ => Role.All.FirstOrDefault(r => r == target),
        };
        if (role is not null)
        {
            var all = snapshot.WithRole(role).ToList();
            return all.FirstOrDefault(p => grid is not null && p.Grids.Contains(grid)) ?? all.FirstOrDefault();
        }

        return snapshot.Document.People.FirstOrDefault(p => p.IsWorker && (p.Name == target || p.Id == target));
    }

    private static string Due(DateTimeOffset due) => ChinaTime.ToChina(due).ToString("yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture);

    private Task TellAsync(Ticket ticket, Person person, string kind, OutboundText text, CancellationToken cancellationToken)
    {
        if (person.OpenId is not { Length: > 0 } openId)
        {
            return Task.CompletedTask;
        }

        var account = AccountOf(ticket) ?? accounts.All.First().Name;

        // One message per ticket event and person: a job that runs again queues the same id, which the outbox sends once.
        var id = $"{ticket.Number}:e{ticket.Events.Count}:{person.Id}";
        return outbox.QueueAsync(new OutboundMessage(id, PersonKey.OfficialAccount(account, openId), kind, text.Text, text.Fields), cancellationToken);
    }

    private Task TellResidentAsync(Ticket ticket, string kind, OutboundText text, CancellationToken cancellationToken)
    {
        if (PersonKeyOf(ticket.Reporter) is not { Channel: "mp" } reporter)
        {
            return Task.CompletedTask;
        }

        var id = $"{ticket.Number}:e{ticket.Events.Count}:reporter";
        return outbox.QueueAsync(new OutboundMessage(id, reporter, kind, text.Text, text.Fields), cancellationToken);
    }

    /// <summary>Workers are reached on the account the ticket came in on (else the first account configured).</summary>
    private static string? AccountOf(Ticket ticket) => PersonKeyOf(ticket.Reporter) is { Channel: "mp" } key ? key.Scope : null;

    internal static PersonKey? PersonKeyOf(string text) => PersonKey.Parse(text);
}
