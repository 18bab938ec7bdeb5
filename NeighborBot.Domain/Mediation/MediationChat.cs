using NeighborBot.Conversations;
using NeighborBot.Directory;
using NeighborBot.Intake;
using NeighborBot.Tickets;

namespace NeighborBot.Mediation;

/// <summary>
/// Mediation in the chat (see <see cref="MediationWords"/>): a resident asks, is asked what the dispute is about when
/// the words do not say, picks one of the numbered slots and has it booked (saved before the answer leaves); moves
/// and cancels it. A mediator records the outcome, moves or cancels, and lists their meetings. In a group nothing is
/// booked: the person is asked to write one to one.
/// </summary>
internal sealed class MediationChat(MediationDesk desk, TicketDesk tickets, DirectoryCache directory, TimeProvider time) : IChatFeature
{
    /// <summary>Numbers answer the bot's question for this long.</summary>
    private static readonly TimeSpan AskValid = TimeSpan.FromMinutes(30);

    public async Task<TurnResult?> TryRespondAsync(PersonKey who, Conversation conversation, Inbound message, CancellationToken cancellationToken)
    {
        if (message is not TextIn { Text: var text })
        {
            return null;
        }

        var state = conversation.State ?? new ConversationState();
        var outcome = MediationWords.Outcome(text);
        var cancel = MediationWords.IsCancel(text, out var cancelNumber);
        var move = MediationWords.IsMove(text, out var moveNumber);
        var mine = MediationWords.IsMine(text);
        var request = MediationWords.IsRequest(text);
        var ask = state.Mediation is { } pending && time.GetUtcNow() - pending.At <= AskValid ? pending : null;
        var answer = ask is null ? null : ask.Offered.Count > 0 ? MediationWords.Choice(text) : null;
        var specialtyAnswer = ask is { Offered.Count: 0 } ? Specialties.FromAnswer(text) : null;
        if (outcome is null && !cancel && !move && !mine && !request && answer is null && specialtyAnswer is null)
        {
            return null;
        }

        if (message.Group is not null)
        {
            return Reply(state, MediationTexts.OneToOneOnly, keep: true);
        }

        var snapshot = await directory.GetAsync(cancellationToken).ConfigureAwait(false);
        var person = snapshot.PersonByIdentity(who);
        var mediator = person is not null && person.Has(Role.Mediator) ? person : null;

        if (outcome is not null)
        {
            return Reply(state, await OutcomeAsync(mediator, outcome, cancellationToken).ConfigureAwait(false), keep: true);
        }

        if (mine)
        {
            var list = mediator is not null ? await desk.OfMediatorAsync(mediator.Id, cancellationToken).ConfigureAwait(false)
                : await desk.OfResidentAsync(who.ToString(), cancellationToken).ConfigureAwait(false);
            return Reply(state, MediationTexts.Mine(list, snapshot, mediator is not null), keep: true);
        }

        if (cancel || move)
        {
            var own = mediator is not null ? await desk.OfMediatorAsync(mediator.Id, cancellationToken).ConfigureAwait(false)
                : await desk.OfResidentAsync(who.ToString(), cancellationToken).ConfigureAwait(false);
            var number = cancel ? cancelNumber : moveNumber;
            var booking = number is not null ? await desk.FindAsync(number, own, cancellationToken).ConfigureAwait(false) : own.Count == 1 ? own[0] : null;
            if (booking is null || (booking.Mediator != mediator?.Id && booking.Resident != who.ToString()))
            {
                return Reply(state, number is not null ? MediationTexts.NotFound(number) : own.Count == 0 ? MediationTexts.NoBooking : MediationTexts.WhichBooking(own, cancel ? "取消调解" : "改约"), keep: true);
            }

            if (booking.Status != BookingStatus.Booked)
            {
                return Reply(state, MediationTexts.NotOpen(booking), keep: true);
            }

            var byResident = booking.Mediator != mediator?.Id;
            if (cancel)
            {
                var cancelled = await desk.CancelAsync(booking, byResident ? who.ToString() : mediator!.Id, byResident, null, cancellationToken).ConfigureAwait(false);
                return Reply(state, byResident ? MediationTexts.Cancelled(cancelled) : MediationTexts.CancelledForMediator(cancelled), keep: false);
            }

            return await OfferAsync(state, booking.Specialty, booking.Ticket, booking, snapshot, null, cancellationToken).ConfigureAwait(false);
        }

        if (request)
        {
            var ticket = await OpenDisputeAsync(who, cancellationToken).ConfigureAwait(false);
            var specialty = Specialties.Guess(text) ?? Specialties.Guess(ticket?.Text);
            return specialty is null
                ? Reply(state with { Mediation = new MediationAsk { Ticket = ticket?.Number, At = time.GetUtcNow() } }, MediationTexts.AskSpecialty(), keep: true)
                : await OfferAsync(state, specialty, ticket?.Number, null, snapshot, null, cancellationToken).ConfigureAwait(false);
        }

        if (specialtyAnswer is not null)
        {
            return await OfferAsync(state, specialtyAnswer, ask!.Ticket, null, snapshot, null, cancellationToken).ConfigureAwait(false);
        }

        // A numbered choice among the slots offered.
        var choice = answer!.Value;
        if (choice == 0)
        {
            return Reply(state, MediationTexts.Dropped, keep: false);
        }

        if (choice > ask!.Offered.Count)
        {
            return Reply(state, MediationTexts.BadChoice(ask.Offered.Count), keep: true);
        }

        var slot = new MediationSlot(ask.Offered[choice - 1].Mediator, ask.Offered[choice - 1].Start);
        if (ask.Moving is { } moving)
        {
            if (await desk.GetAsync(moving, cancellationToken).ConfigureAwait(false) is not { Status: BookingStatus.Booked } booking)
            {
                return Reply(state, MediationTexts.NoBooking, keep: false);
            }

            var byResident = booking.Mediator != mediator?.Id;
            if (await desk.MoveAsync(booking, slot, byResident, cancellationToken).ConfigureAwait(false) is { } moved)
            {
                return Reply(state, MediationTexts.Moved(moved, snapshot.Person(moved.Mediator)!), keep: false);
            }

            return await OfferAsync(state, booking.Specialty, booking.Ticket, booking, snapshot, MediationTexts.Taken, cancellationToken).ConfigureAwait(false);
        }

        var specialtyOf = ask.Specialty ?? Specialties.Other;
        var booked = await desk.BookAsync(new BookingRequest(specialtyOf, who.ToString(), person?.Name, person?.Phone, ask.Ticket, Online: true, BookedBy: who.ToString()), slot, cancellationToken)
            .ConfigureAwait(false);
        return booked.Booking is { } made
            ? Reply(state, MediationTexts.Booked(made, snapshot.Person(made.Mediator)!), keep: false)
            : await OfferAsync(state, specialtyOf, ask.Ticket, null, snapshot, MediationTexts.Taken, cancellationToken).ConfigureAwait(false);
    }

    private async Task<string> OutcomeAsync(Person? mediator, OutcomeCommand command, CancellationToken cancellationToken)
    {
        if (mediator is null)
        {
            return MediationTexts.OnlyMediators;
        }

        var own = await desk.AllOfMediatorAsync(mediator.Id, cancellationToken).ConfigureAwait(false);
        var booking = await desk.FindAsync(command.Number, own, cancellationToken).ConfigureAwait(false);
        if (booking is null || booking.Mediator != mediator.Id)
        {
            return MediationTexts.NotFound(command.Number);
        }

        if (booking.Status != BookingStatus.Booked)
        {
            return MediationTexts.NotOpen(booking);
        }

        if (time.GetUtcNow() < booking.Start)
        {
            return MediationTexts.NotYet(booking);
        }

        var (closed, routedTo) = await desk.RecordOutcomeAsync(booking, mediator, command.Success, command.Note.Length > 0 ? command.Note : "（未填写）", cancellationToken)
            .ConfigureAwait(false);
        return MediationTexts.OutcomeRecorded(closed, command.Success, closed.Ticket, routedTo);
    }

    /// <summary>Offers the next free slots (of the booking's mediator first, when moving); none free: says so and asks nothing.</summary>
    private async Task<TurnResult> OfferAsync(
        ConversationState state, string specialty, string? ticket, MediationBooking? moving, DirectorySnapshot snapshot, string? lead, CancellationToken cancellationToken)
    {
        var count = desk.Settings.Offer;
        var slots = moving is null ? [] : await desk.FreeSlotsAsync(specialty, moving.Mediator, count, cancellationToken).ConfigureAwait(false);
        if (slots.Count == 0)
        {
            slots = await desk.FreeSlotsAsync(specialty, null, count, cancellationToken).ConfigureAwait(false);
        }

        if (slots.Count == 0)
        {
            return Reply(state, (lead ?? string.Empty) + MediationTexts.NoneFree(specialty, desk.Settings.HorizonDays), keep: false);
        }

        var heading = lead is null ? null : $"{lead}还可以约这些时间（地点：{desk.Settings.Room}）：\n";
        var ask = new MediationAsk { Specialty = specialty, Ticket = ticket, Offered = [.. slots.Select(s => new OfferedSlot(s.Mediator, s.Start))], Moving = moving?.Id, At = time.GetUtcNow() };
        return Reply(state with { Mediation = ask }, MediationTexts.Offer(specialty, slots, snapshot, desk.Settings.SlotMinutes, desk.Settings.Room, heading), keep: true);
    }

    /// <summary>The resident's newest open dispute ticket: the booking is about it.</summary>
    private async Task<Ticket?> OpenDisputeAsync(PersonKey who, CancellationToken cancellationToken) =>
        (await tickets.ListOwnAsync(who, 20, cancellationToken).ConfigureAwait(false)).FirstOrDefault(t => t.IsOpen && t.Category == IntakeCategories.Dispute);

    private static TurnResult Reply(ConversationState state, string text, bool keep) =>
        new(new TextReply(text), keep ? state : state with { Mediation = null }) { GroupReply = MediationTexts.OneToOneOnly };
}
