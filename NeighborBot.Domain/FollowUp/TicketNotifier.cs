using NeighborBot.Conversations;
using NeighborBot.Directory;
using NeighborBot.Outbox;
using NeighborBot.Tickets;
using NeighborBot.Wording;

namespace NeighborBot.FollowUp;

/// <summary>Someone a ticket event must reach: a person of the directory, or the resident who reported it.</summary>
public sealed record TicketNotice(string RecipientId, PersonKey? To, string Kind, OutboundText Text);

/// <summary>
/// Turns a ticket's events into messages for everyone concerned: the resident, the handler, the
/// handler before a change, the grid leader, the secretary. Run after every change (and by the
/// sweep for a change whose run was lost); it first routes a ticket nobody has routed yet. Each
/// message's id is the ticket, the event's index and the recipient, so running it twice sends nothing twice.
/// </summary>
public sealed class TicketNotifier(
    ITicketStore tickets,
    TicketCommands commands,
    DirectoryCache directory,
    Reach reach,
    IOutbox outbox)
{
    /// <summary>Routes the ticket if it waits for that, then queues a message for every event not yet told.</summary>
    public async Task<int> TellAsync(string number, CancellationToken cancellationToken)
    {
        var ticket = await tickets.GetAsync(number, cancellationToken).ConfigureAwait(false);
        if (ticket is null)
        {
            await tickets.MarkToldAsync(number, int.MaxValue, cancellationToken).ConfigureAwait(false);
            return 0;
        }

        if (ticket.AwaitsDispatch)
        {
            var dispatched = await commands.DispatchAsync(number, cancellationToken).ConfigureAwait(false);
            ticket = dispatched.Ticket ?? ticket;
        }

        var told = await tickets.ToldAsync(number, cancellationToken).ConfigureAwait(false);
        if (ticket.AwaitsRerouting(told))
        {
            var rerouted = await commands.RerouteAsync(ticket, told, cancellationToken).ConfigureAwait(false);
            ticket = rerouted.Ticket ?? ticket;
        }

        var snapshot = await directory.GetAsync(cancellationToken).ConfigureAwait(false);
        var queued = 0;
        for (var i = told; i < ticket.Events.Count; i++)
        {
            foreach (var notice in TicketNotices.For(ticket, i, snapshot, reach))
            {
                if (notice.To is { } to)
                {
                    await outbox.QueueAsync(new OutboundMessage($"{ticket.Number}:e{i}:{notice.RecipientId}", to, notice.Kind, notice.Text.Text, notice.Text.Fields),
                        cancellationToken).ConfigureAwait(false);
                    queued++;
                }
            }
        }

        await tickets.MarkToldAsync(number, ticket.Events.Count, cancellationToken).ConfigureAwait(false);
        return queued;
    }
}

/// <summary>
/// Who must hear of each kind of ticket event: the handler of an assignment and those told with it,
/// the handler before a reassignment, the resident of an accept, a resolve, a transfer and a close,
/// the handler of a resident's cancel, correction or addition, the supervisors of a return, an
/// escalation and a bad rating.
/// </summary>
public static class TicketNotices
{
    /// <summary>Who must hear of the ticket's event at <paramref name="index"/>, and what they are told.</summary>
    public static IReadOnlyList<TicketNotice> For(Ticket ticket, int index, DirectorySnapshot snapshot, Reach reach)
    {
        var e = ticket.Events[index];
        var notices = new List<TicketNotice>();
        var actor = snapshot.Person(e.Actor);
        var fromReporter = e.Actor == ticket.Reporter;

        void ToPerson(string? id, string kind, Func<Person, OutboundText> text)
        {
            if (id is not null && snapshot.Person(id) is { } person && notices.All(n => n.RecipientId != person.Id))
            {
                notices.Add(new TicketNotice(person.Id, reach.Staff(person, ticket), kind, text(person)));
            }
        }

        // A resident who reported in a group hears of it there, in the group's words (everyone reads them).
        void ToResident(string kind, OutboundText text) => notices.Add(new TicketNotice(
            Reach.ReporterId, reach.Resident(ticket), kind, Reach.InGroup(ticket) ? GroupTexts.Progress(ticket, e.Action) : text));

        void ToSupervisors(int level, string kind, OutboundText text)
        {
            foreach (var boss in Supervisors(snapshot, ticket.Grid, level))
            {
                ToPerson(boss.Id, kind, _ => text);
            }
        }

        switch (e.Action)
        {
            case TicketActions.Created when ticket.FiledUnanswered:
                // Every other report is answered with its number; this one was filed after the resident stopped answering.
                ToResident(MessageKinds.Progress, ResidentTexts.FiledUnanswered(ticket));
                break;
            case TicketActions.Assigned:
                // Routed again to the same handler (its place came): only those newly concerned hear of it.
                if (e.From != e.To)
                {
                    ToPerson(e.To, MessageKinds.Assignment, _ => WorkerTexts.Assignment(ticket, snapshot));
                }

                if (snapshot.Person(e.To!) is { } handler)
                {
                    foreach (var cc in e.Cc ?? [])
                    {
                        ToPerson(cc, MessageKinds.Assignment, _ => WorkerTexts.ForInformation(ticket, handler, snapshot));
                    }
                }

                if (e.From != e.To)
                {
                    ToPerson(e.From, MessageKinds.Progress, _ => WorkerTexts.TakenAway(ticket, snapshot.Person(e.To!)));
                }

                break;
            case TicketActions.Transferred:
                ToPerson(e.To, MessageKinds.Assignment, _ => WorkerTexts.Transferred(ticket, actor, e.Note ?? string.Empty, snapshot));
                if (snapshot.Person(e.To!) is { } newHandler)
                {
                    ToResident(MessageKinds.Progress, ResidentTexts.Transferred(ticket, newHandler));
                    foreach (var cc in e.Cc ?? [])
                    {
                        ToPerson(cc, MessageKinds.Assignment, _ => WorkerTexts.ForInformation(ticket, newHandler, snapshot));
                    }
                }

                break;
            case TicketActions.Accepted when !ResolvedAtOnce(ticket, index):
                if (actor is not null)
                {
                    ToResident(MessageKinds.Progress, ResidentTexts.Accepted(ticket, actor));
                }

                break;
            case TicketActions.Resolved:
                ToResident(MessageKinds.Rating, ResidentTexts.Resolved(ticket, e.Note ?? string.Empty));
                break;
            case TicketActions.Returned:
                var handedTo = ticket.Events.Skip(index + 1).FirstOrDefault(n => n.Action == TicketActions.Assigned && n.Actor == Ticket.System) is { To: { } next }
                    ? snapshot.Person(next)
                    : null;
                ToSupervisors(1, MessageKinds.Escalation, WorkerTexts.Returned(ticket, actor, e.Note ?? string.Empty, handedTo));
                break;
            case TicketActions.Cancelled:
                ToPerson(e.From, MessageKinds.Progress, _ => WorkerTexts.Cancelled(ticket, fromReporter));
                break;
            case TicketActions.Location or TicketActions.Corrected when fromReporter:
                ToPerson(ticket.Assignee, MessageKinds.Progress, _ => WorkerTexts.ChangedByResident(ticket, e));
                break;
            case TicketActions.Attachment or TicketActions.Added when fromReporter:
                ToPerson(ticket.Assignee, MessageKinds.Progress, _ => WorkerTexts.ChangedByResident(ticket, e));
                break;
            case TicketActions.Chased:
                var chases = ticket.Events.Take(index + 1).Count(x => x.Action == TicketActions.Chased);
                ToPerson(ticket.Assignee, MessageKinds.Reminder, _ => WorkerTexts.Chased(ticket, e.Note ?? string.Empty, chases));
                if (chases >= 2)
                {
                    ToSupervisors(1, MessageKinds.Escalation, WorkerTexts.Chased(ticket, e.Note ?? string.Empty, chases));
                }

                break;
            case TicketActions.MadeUrgent:
                // Its handler hears that it is an emergency now; those an emergency reaches besides hear of it as of an urgent
                // assignment. A ticket routed only after it (it waited for routing) was assigned as urgent: that says it all.
                var routedAfter = !ticket.Events.Take(index).Any(x => x.Action is TicketActions.Assigned or TicketActions.Transferred)
                    && ticket.Events.Skip(index + 1).Any(x => x.Action == TicketActions.Assigned);
                var handling = routedAfter ? null : LastHandler(ticket, index);
                ToPerson(handling, MessageKinds.Escalation, _ => WorkerTexts.MadeUrgent(ticket, e.Note ?? string.Empty));
                if (handling is not null && snapshot.Person(handling) is { } urgentHandler)
                {
                    foreach (var cc in e.Cc ?? [])
                    {
                        ToPerson(cc, MessageKinds.Assignment, _ => WorkerTexts.ForInformation(ticket, urgentHandler, snapshot));
                    }
                }

                break;
            case TicketActions.Reopened:
                ToPerson(e.To ?? LastHandler(ticket, index), MessageKinds.Escalation, _ => WorkerTexts.BackAgain(ticket, e.Note ?? string.Empty));
                break;
            case TicketActions.RatingReason:
                ToPerson(LastHandler(ticket, index), MessageKinds.Progress, _ => WorkerTexts.RatingReason(ticket, e.Note ?? string.Empty));
                ToSupervisors(1, MessageKinds.Escalation, WorkerTexts.RatingReason(ticket, e.Note ?? string.Empty));
                break;
            case TicketActions.Closed:
                ToResident(MessageKinds.Progress, ResidentTexts.Closed(ticket, e.Note));
                ToPerson(LastHandler(ticket, index), MessageKinds.Progress, _ => WorkerTexts.Closed(ticket, e.Note));
                break;
            case TicketActions.Rated when e.Rating < Ticket.SatisfiedFrom:
                ToSupervisors(1, MessageKinds.Escalation, WorkerTexts.Reopened(ticket, e.Note ?? string.Empty));
                ToPerson(LastHandler(ticket, index), MessageKinds.Escalation, _ => WorkerTexts.Reopened(ticket, e.Note ?? string.Empty));
                break;
            case TicketActions.Rated:
                ToPerson(LastHandler(ticket, index), MessageKinds.Progress, _ => WorkerTexts.Rated(ticket, e.Rating ?? 0, e.Note ?? string.Empty));
                break;
            case TicketActions.RatingReminder:
                ToResident(MessageKinds.Reminder, ResidentTexts.RatingReminder(ticket));
                break;
            case var action when TicketActions.IsEscalation(action, out var deadline, out var level):
                ToSupervisors(level, MessageKinds.Escalation, WorkerTexts.Overdue(ticket, deadline, level, snapshot));
                break;
        }

        return notices;
    }

    /// <summary>The grid leaders of the ticket's grid (level 1), else and at level 2 the secretary.</summary>
    public static IEnumerable<Person> Supervisors(DirectorySnapshot snapshot, string? grid, int level)
    {
        var leaders = level == 1 && grid is not null ? snapshot.WithRole(Role.GridLeader, grid).ToList() : [];
        return leaders.Count > 0 ? leaders : snapshot.WithRole(Role.Secretary);
    }

    /// <summary>A 办结 without 接单 records both at the same moment: the resident hears only of the resolve.</summary>
    private static bool ResolvedAtOnce(Ticket ticket, int index) =>
        index + 1 < ticket.Events.Count && ticket.Events[index + 1] is { Action: TicketActions.Resolved } next && next.At == ticket.Events[index].At;

    /// <summary>Who handled the ticket as of the event (a close or a rating happens after the handler let go).</summary>
    private static string? LastHandler(Ticket ticket, int index) =>
        ticket.Events.Take(index).LastOrDefault(e => e.Action is TicketActions.Accepted or TicketActions.Resolved or TicketActions.Assigned or TicketActions.Transferred) switch
        {
            { Action: TicketActions.Assigned or TicketActions.Transferred } e => e.To,
            { } e => e.Actor,
            null => ticket.Assignee,
        };
}
