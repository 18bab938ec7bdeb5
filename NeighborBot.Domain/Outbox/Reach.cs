using Microsoft.Extensions.Options;
using NeighborBot.Directory;
using NeighborBot.Tickets;

namespace NeighborBot.Outbox;

/// <summary>
/// Who is reached through which channel, decided here and nowhere else. Staff are reached on the
/// Official Account (templates reach them at any time), on the account the ticket came in on, else
/// <c>Notifications:StaffAccount</c>; a resident is reached where they reported.
/// </summary>
public sealed class Reach(IOptions<OutboxOptions> options)
{
    /// <summary>The recipient id of the resident who reported a ticket, in message ids.</summary>
    public const string ReporterId = "reporter";

    /// <summary>Where a person of the directory is told about a ticket; null when they cannot be reached.</summary>
    public PersonKey? Staff(Person person, Ticket ticket) =>
        person.OpenId is { Length: > 0 } openId ? PersonKey.OfficialAccount(AccountOf(ticket), openId) : null;

    /// <summary>Where a person of the directory is told of something not about a ticket (a binding request).</summary>
    public PersonKey? Staff(Person person, PersonKey? about = null) =>
        person.OpenId is { Length: > 0 } openId ? PersonKey.OfficialAccount(about is { Channel: PersonKey.OfficialAccountChannel } key ? key.Scope : DefaultAccount, openId) : null;

    /// <summary>
    /// Where the resident who reported the ticket is told of it: where they reported (a one-to-one chat, or
    /// their group, mentioned); nowhere for a sensor's ticket.
    /// </summary>
#pragma warning disable CA1822 // An instance member, beside the others: who is reached how is decided here.
    public PersonKey? Resident(Ticket ticket) => PersonKey.Parse(ticket.Reporter) is { Channel: not PersonKey.SensorChannel } key ? key : null;
#pragma warning restore CA1822

    /// <summary>Every follower of the account staff are reached on: the recipient of a mass message (群发).</summary>
    public PersonKey Followers() => PersonKey.OfficialAccount(DefaultAccount, AllFollowers);

    /// <summary>The recipient id that stands for every follower of an account.</summary>
    public const string AllFollowers = "*";

    /// <summary>The ticket was reported in a group: what its reporter is told is read by the whole group.</summary>
    public static bool InGroup(Ticket ticket) => PersonKey.Parse(ticket.Reporter)?.GroupId is not null;

    private string DefaultAccount => options.Value.StaffAccount ?? string.Empty;

    private string AccountOf(Ticket ticket) =>
        PersonKey.Parse(ticket.Reporter) is { Channel: PersonKey.OfficialAccountChannel } key ? key.Scope : DefaultAccount;
}
