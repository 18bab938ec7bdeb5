using NeighborBot.Conversations;
using NeighborBot.Tickets;
using StackExchange.Redis;

namespace NeighborBot.Storage;

/// <summary>
/// Every Redis key the service uses, built in one place. The schema is documented in
/// docs/redis-keys.md; keep the two in step. A person's keys share the hash tag <c>{channel:scope:id}</c>
/// so that they live on one shard and can be pipelined together.
/// </summary>
public sealed class RedisKeys(string prefix)
{
    public const string DefaultPrefix = "nb";

    public string Prefix { get; } = prefix;

    public RedisKey ConversationState(PersonKey who) => $"{Prefix}:{{{who}}}:state";

    public RedisKey Profile(PersonKey who) => $"{Prefix}:{{{who}}}:profile";

    public RedisKey History(PersonKey who) => $"{Prefix}:{{{who}}}:hist";

    public RedisKey LastLocation(PersonKey who) => $"{Prefix}:{{{who}}}:loc";

    public RedisKey Seen(string scope, string id) => $"{Prefix}:{{{scope}}}:seen:{id}";

    /// <summary>
    /// A used callback URL (<paramref name="nonce"/> is its timestamp, nonce and signatures). No hash tag:
    /// the marks are independent of each other and spread over the shards.
    /// </summary>
    public RedisKey Nonce(string scope, string nonce) => $"{Prefix}:nonce:{scope}:{nonce}";

    public RedisKey Sequence(string name) => $"{Prefix}:seq:{name}";

    public RedisKey Directory => $"{Prefix}:dir";

    /// <summary>The permits taken recently under one rate (an account's API, a robot), scored by time (Unix ms).</summary>
    public RedisKey Rate(string name) => $"{Prefix}:rate:{{{name}}}";

    // The directory's history. The hash tag {prefix:dir} hashes like the key prefix:dir itself (a key without
    // braces is hashed whole), so the history lives on the directory's slot and changes with it in one script.
    public RedisKey DirectoryRevisions => $"{{{Prefix}:dir}}:revs";

    public RedisKey DirectoryRevisionDocuments => $"{{{Prefix}:dir}}:revdocs";

    public RedisKey BindingRequests(string householdId) => $"{Prefix}:bindreq:{householdId}";

    // Tickets and their indexes share one hash tag, so a ticket and its indexes change in one script.
    public RedisKey Ticket(string number) => $"{{{Prefix}:tk}}:t:{number}";

    public RedisKey TicketsByTime => $"{{{Prefix}:tk}}:all";

    public RedisKey TicketsByReporter(string reporter) => $"{{{Prefix}:tk}}:by:{reporter}";

    public RedisKey TicketsByAssignee(string assignee) => $"{{{Prefix}:tk}}:as:{assignee}";

    public RedisKey TicketSource(string reporter, string sourceId) => $"{{{Prefix}:tk}}:src:{reporter}:{sourceId}";

    /// <summary>Tickets with events not yet told to the people concerned, scored by the change's time (Unix ms).</summary>
    public RedisKey TicketsToTell => $"{{{Prefix}:tk}}:tell";

    /// <summary>The schema the stored tickets were brought up to (<c>TicketUpgrade</c>).</summary>
    public RedisKey TicketSchema => $"{{{Prefix}:tk}}:schema";

    /// <summary>Every ticket that waits for a timer, scored by when it is next due (Unix ms).</summary>
    public RedisKey TicketsDue => $"{{{Prefix}:tk}}:due";

    // The outbox. A message's keys share the hash tag {out:ID}; the lists of messages share {prefix:out}.
    public RedisKey OutboxMessage(string id) => $"{Prefix}:{{out:{id}}}:m";

    public RedisKey OutboxAttempts(string id) => $"{Prefix}:{{out:{id}}}:log";

    public RedisKey OutboxRunLease(string id) => $"{Prefix}:{{out:{id}}}:run";

    /// <summary>Every id, all scored 0, so <c>ZRANGEBYLEX</c> finds ids by prefix.</summary>
    public RedisKey OutboxById => $"{{{Prefix}:out}}:ids";

    /// <summary>Every id by queue time, to drop the expired ones from <see cref="OutboxById"/>.</summary>
    public RedisKey OutboxByTime => $"{{{Prefix}:out}}:time";

    /// <summary>Every message still to send, scored by when its next run is due (Unix ms): the sweep's list.</summary>
    public RedisKey OutboxReady => $"{{{Prefix}:out}}:ready";

    /// <summary>Messages given up (failed or uncertain), scored by when: what an admin may look at and resend.</summary>
    public RedisKey OutboxGivenUp => $"{{{Prefix}:out}}:gaveup";

    /// <summary>The channels (accounts) whose sends fail for now; a channel's removal wakes the waiting messages.</summary>
    public RedisKey OutboxFailing => $"{{{Prefix}:out}}:failing";

    // The shared access tokens of outside APIs, one hash tag per AppId.
    public RedisKey AccessToken(string appId) => $"{Prefix}:{{wxtoken:{appId}}}:t";

    public RedisKey AccessTokenLock(string appId) => $"{Prefix}:{{wxtoken:{appId}}}:lock";

    /// <summary>Groups that wrote to the bot before an admin mapped them: field <c>{source}|{id}</c>, JSON.</summary>
    public RedisKey UnknownGroups => $"{Prefix}:grp:unknown";

    /// <summary>Messages per group on one day (China time): field <c>{source}|{id}</c>, a count.</summary>
    public RedisKey GroupCounts(DateOnly day) => $"{Prefix}:grp:count:{day:yyyyMMdd}";

    /// <summary>People whose report waits on an unanswered question: member = person key, scored by when it is filed anyway (Unix ms).</summary>
    public RedisKey ReportsDue => $"{Prefix}:conv:due";

    /// <summary>Everyone bound to a household and following: field = person key, value JSON (household, opted out of broadcasts).</summary>
    public RedisKey BoundResidents => $"{Prefix}:residents";

    /// <summary>Set once the profiles stored before <see cref="BoundResidents"/> existed were added to it.</summary>
    public RedisKey BoundResidentsFilled => $"{Prefix}:residents:filled";

    // Console accounts and the audit log share one hash tag.
    /// <summary>Staff accounts of the console: field = lower-case user name, value = JSON <c>StaffAccount</c>.</summary>
    public RedisKey Accounts => $"{{{Prefix}:acct}}:users";

    /// <summary>The console's audit log: a list of JSON <c>AuditEntry</c>, newest first, trimmed.</summary>
    public RedisKey AuditLog => $"{{{Prefix}:acct}}:audit";

    // Warnings and their key index share one hash tag: a warning and the keys applied to it change in one script.
    /// <summary>A warning: hash {r: revision, d: JSON}.</summary>
    public RedisKey Warning(string id) => $"{{{Prefix}:wn}}:w:{id}";

    /// <summary>Warnings by creation time (Unix ms).</summary>
    public RedisKey WarningsByTime => $"{{{Prefix}:wn}}:all";

    /// <summary>CAP keys (sender,identifier) applied to a warning → the warning's id.</summary>
    public RedisKey WarningKeys => $"{{{Prefix}:wn}}:keys";

    // Broadcasts and their runs share one hash tag: a transition, its due list and a run's ledger change in one script.
    public RedisKey Broadcast(string id) => $"{{{Prefix}:bc}}:b:{id}";

    /// <summary>Every broadcast by creation time (Unix ms).</summary>
    public RedisKey BroadcastsByTime => $"{{{Prefix}:bc}}:all";

    /// <summary>Scheduled broadcasts by when their next run is due (Unix ms): the due sweep's list.</summary>
    public RedisKey BroadcastsDue => $"{{{Prefix}:bc}}:due";

    /// <summary>Runs whose hand-over is not over (<c>ID:rN</c>), scored by when it is to go on (Unix ms).</summary>
    public RedisKey BroadcastsHandingOver => $"{{{Prefix}:bc}}:handing";

    /// <summary>Runs with messages handed over whose outcome is not counted yet.</summary>
    public RedisKey BroadcastsUncounted => $"{{{Prefix}:bc}}:uncounted";

    /// <summary>A run's figures: recipients, skipped, handed, sent, failed, over.</summary>
    public RedisKey BroadcastRun(string id, int run) => $"{{{Prefix}:bc}}:r:{id}:{run}";

    /// <summary>A run's recipients (JSON), in ledger order; an entry's index is its place in the list.</summary>
    public RedisKey BroadcastLedger(string id, int run) => $"{{{Prefix}:bc}}:r:{id}:{run}:ls";

    /// <summary>Bitmap: entries whose hand-over began.</summary>
    public RedisKey BroadcastClaimed(string id, int run) => $"{{{Prefix}:bc}}:r:{id}:{run}:c";

    /// <summary>Bitmap: entries whose message is with the outbox.</summary>
    public RedisKey BroadcastConfirmed(string id, int run) => $"{{{Prefix}:bc}}:r:{id}:{run}:q";

    /// <summary>Hash: entry index → <c>d</c> (delivered) or <c>f</c> (failed or uncertain).</summary>
    public RedisKey BroadcastOutcomes(string id, int run) => $"{{{Prefix}:bc}}:r:{id}:{run}:fin";

    public RedisKey BroadcastLease(string id, int run) => $"{{{Prefix}:bc}}:r:{id}:{run}:lease";

    /// <summary>The runs whose mass message (群发) counted against an account's allowance in a month (<c>yyyyMM</c>, China time).</summary>
    public RedisKey MassSends(string account, string month) => $"{{{Prefix}:bc}}:mass:{account}:{month}";

    // Volunteers' time (festival visits) and its indexes share one hash tag: an entry and its places change in one transaction.
    /// <summary>Every entry: field = entry id, value = JSON <c>CareEntry</c>.</summary>
    public RedisKey CareEntries => $"{{{Prefix}:care}}:e";

    /// <summary>Every entry id by when (Unix ms): the hours of a period.</summary>
    public RedisKey CareByTime => $"{{{Prefix}:care}}:time";

    /// <summary>The entry ids that count for one festival (<c>2027-中秋</c>).</summary>
    public RedisKey CareOfFestival(string occurrence) => $"{{{Prefix}:care}}:f:{occurrence}";

    // Micro-wishes and their indexes share one hash tag: a wish and its places change in one script.
    /// <summary>Every wish: field = ticket number, value = JSON <c>Wish</c>.</summary>
    public RedisKey Wishes => $"{{{Prefix}:wish}}:w";

    /// <summary>Every wish's stored revision: field = ticket number (a save on a stale one is refused).</summary>
    public RedisKey WishRevisions => $"{{{Prefix}:wish}}:rev";

    /// <summary>Every wish by approval time (Unix ms).</summary>
    public RedisKey WishesByTime => $"{{{Prefix}:wish}}:time";

    /// <summary>Claimed wishes by when the claim runs out (Unix ms): what the sweep returns to the board.</summary>
    public RedisKey WishesDue => $"{{{Prefix}:wish}}:due";

    // Mediation bookings, the slots they hold and the index by start share one hash tag: a slot is claimed with its booking in one transaction.
    /// <summary>Every booking: field = booking id, value = JSON <c>MediationBooking</c>.</summary>
    public RedisKey MediationBookings => $"{{{Prefix}:med}}:b";

    /// <summary>The slots held: field = <c>{mediator}|{start Unix ms}</c>, value = the booking's id (claimed with <c>HSETNX</c> semantics).</summary>
    public RedisKey MediationSlots => $"{{{Prefix}:med}}:slots";

    /// <summary>Every booking id by its start (Unix ms): the reminders' sweep, the free slots, the lists and figures.</summary>
    public RedisKey MediationByStart => $"{{{Prefix}:med}}:start";

    /// <summary>Where Hangfire keeps its jobs; one hash tag, as its Redis storage requires on a cluster.</summary>
    public string HangfirePrefix => $"{{{Prefix}:hangfire}}:";
}
