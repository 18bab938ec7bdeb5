using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Time.Testing;
using NeighborBot.Conversations;
using NeighborBot.Directory;
using NeighborBot.Outbox;
using NeighborBot.Simulator;
using NeighborBot.Tests.Infrastructure;
using NeighborBot.Tickets;

namespace NeighborBot.Tests.Conversations.Dialogues;

/// <summary>What became of one conversation: whether it ended as it must, what did not, and what was said.</summary>
public sealed record DialogueResult(Dialogue Dialogue, IReadOnlyList<string> Failures, IReadOnlyList<string> Transcript)
{
    public bool Passed => Failures.Count == 0;
}

/// <summary>
/// Plays scripted conversations through the real host (the Official Account callback and a group
/// bridge), on real Redis with the real Hangfire server, against fakes of WeChat's API and of the
/// bridge's SendUrl, on a clock the waits move; then compares the tickets and the messages sent with
/// what the conversation must end with. The community is Data/BRIEF.md's. Each conversation gets
/// its own people, groups and day, so that one host plays them all without one seeing another's tickets.
/// </summary>
public sealed partial class DialogueRig : IAsyncDisposable
{
    private const string Bridge = "dlg";
    private const string BridgeSecret = "dialogue-bridge-secret-0123456789";
    private const string BotName = "社区小助手";
    private static readonly TimeSpan Settle = TimeSpan.FromSeconds(10);

    /// <summary>A Monday, 10:00 in China: the first conversation starts then, each next one a week later.</summary>
    private static readonly DateTimeOffset FirstStart = new(2027, 3, 1, 10, 0, 0, TimeSpan.FromHours(8));

    private static readonly string[] Staff = ["w1", "w2", "w3", "l1", "l2", "s1", "p1", "f1", "c1", "j1", "v1"];

    /// <summary>The residents bound to a household by its QR code.</summary>
    private static readonly Dictionary<string, string> Bound = new() { ["r1"] = "3-2-501", ["r2"] = "7-1-402", ["r3"] = "5-3-1102" };

    /// <summary>The residents who write in a group: the group's name and grid.</summary>
    private static readonly Dictionary<string, (string Name, string Grid)> InGroup = new() { ["r6"] = ("3号楼住户群", "g1"), ["r7"] = ("8号楼业主群", "g3") };

    private readonly FakeTimeProvider _clock = new(FirstStart.ToUniversalTime());
    private readonly SimulatedBridge _groups;
    private FakeWeChatApi _api = null!;
    private FakeBridge _bridge = null!;
    private NeighborBotFactory _host = null!;
    private CallbackClient _client = null!;
    private HttpClient _http = null!;
    private int _played;

    private DialogueRig() => _groups = new SimulatedBridge(Bridge, BridgeSecret, _clock);

    public static async Task<DialogueRig> StartAsync()
    {
        var rig = new DialogueRig();
        rig._api = await FakeWeChatApi.StartAsync(time: rig._clock);

        // The clock jumps weeks between conversations, past any token's two hours: tokens here outlive the
        // run, so a conversation is judged on what the bot did (token expiry has tests of its own).
        rig._api.TokenLifetime = TimeSpan.FromDays(3650);
        rig._bridge = await FakeBridge.StartAsync(BridgeSecret, time: rig._clock);
        rig._host = new NeighborBotFactory()
            .With("WeChat:ApiBaseUrl", rig._api.BaseUrl)
            .With("WeChat:MaxClockSkew", "00:00:00")
            .With($"Bridges:{Bridge}:Secret", BridgeSecret)
            .With($"Bridges:{Bridge}:SendUrl", rig._bridge.SendUrl)
            .With($"Bridges:{Bridge}:SendsPerMinute", "1000")
            .With("Notifications:SendsPerSecond", "1000")
            .With("Notifications:StaffAccount", NeighborBotFactory.Account)
            // The community's answers to the usual questions of fact, as the demo configures them.
            .With("Conversations:Answers:0:Words:0", "物业电话")
            .With("Conversations:Answers:0:Answer", "物业服务中心电话：0371-6000-0001。")
            .With("Conversations:Answers:1:Words:0", "物业费")
            .With("Conversations:Answers:1:Answer", "物业费每年 1 月和 7 月在物业服务中心缴纳。")
            .With("Conversations:Answers:2:Words:0", "垃圾几点")
            .With("Conversations:Answers:2:Words:1", "垃圾一般几点")
            .With("Conversations:Answers:2:Answer", "生活垃圾每天 7:00 和 19:00 各清运一次。")
            .WithServices(s => s.Replace(ServiceDescriptor.Singleton<TimeProvider>(rig._clock)));
        foreach (var kind in new[] { "assignment", "progress", "rating", "escalation", "reminder" })
        {
            rig._host.With($"WeChat:Accounts:{NeighborBotFactory.Account}:Templates:{kind}:Id", "tpl_" + kind)
                .With($"WeChat:Accounts:{NeighborBotFactory.Account}:Templates:{kind}:Fields:character_string1", "{number}")
                .With($"WeChat:Accounts:{NeighborBotFactory.Account}:Templates:{kind}:Fields:thing2", "{status}");
        }

        rig._http = rig._host.CreateClient();
        rig._client = new CallbackClient(rig._http, rig._host.WeChat);
        return rig;
    }

    public async ValueTask DisposeAsync()
    {
        await _host.DisposeAsync();
        await _bridge.DisposeAsync();
        await _api.DisposeAsync();
    }

    /// <summary>Plays one conversation on a fresh cast and a fresh Monday, and checks how it ended.</summary>
    public async Task<DialogueResult> PlayAsync(Dialogue dialogue)
    {
        var cast = new Cast(++_played);
        var start = FirstStart.AddDays(7 * cast.Index);
        while (start <= _clock.GetUtcNow())
        {
            start = start.AddDays(7);
        }

        _clock.SetUtcNow(dialogue.Start is { } given && given > _clock.GetUtcNow() ? given : start);
        await _host.Services.GetRequiredService<DirectoryCache>().ReplaceAsync(cast.Directory(), default);
        var transcript = new List<string>();
        var deliveriesBefore = _api.Deliveries.Count;
        var postsBefore = _bridge.Posts.Count;

        foreach (var resident in dialogue.Turns.Select(t => t.Who).Distinct().Where(w => w is not null && Bound.ContainsKey(w)))
        {
            await _client.SendAsync(CallbackMessages.Scan(cast.OpenId(resident!), CallbackClient.Now, "hh:" + Bound[resident!]));
        }

        foreach (var turn in dialogue.Turns)
        {
            if (turn.Wait is not null)
            {
                _clock.Advance(turn.WaitSpan);
                await SweepAsync();
                await RoutedAsync(cast); // the sweep may have filed a report left unanswered
                transcript.Add($"… {turn.Wait} later");
                continue;
            }

            var who = turn.Who ?? throw new InvalidDataException($"{dialogue.Id}: a turn without who or wait.");
            var said = await Numbered(turn.Say ?? turn.Voice, cast);
            var reply = await SayAsync(cast, who, turn, said);
            transcript.Add($"{who}: {Shown(turn, said)}");
            transcript.Add($"  bot: {reply ?? "(nothing)"}");
            await RoutedAsync(cast);
        }

        await SweepAsync();
        await RoutedAsync(cast);
        var tickets = await TicketsAsync(cast);
        await SentAsync(tickets);
        var sent = _api.Deliveries.Skip(deliveriesBefore).ToList();
        var posts = _bridge.Posts.Skip(postsBefore).ToList();
        foreach (var d in sent)
        {
            transcript.Add($"  ⇢ {cast.Name(d.OpenId)}: {d.Text ?? string.Join(" | ", d.Data.Values)}");
        }

        foreach (var p in posts)
        {
            transcript.Add($"  ⇢ [{p.Group}] @{string.Join(",", p.Mentions.Select(cast.Name))}: {p.Text}");
        }

        var drafts = await DraftsAsync(cast, dialogue);
        var result = new DialogueResult(dialogue, Check(dialogue.Expect, cast, tickets, drafts, sent, posts), transcript);

        // The next conversation's people are new: what is left open here must not escalate to them.
        var commands = _host.Services.GetRequiredService<TicketCommands>();
        foreach (var open in tickets.Where(t => t.IsActive || t.Status == TicketStatus.Resolved))
        {
            await commands.CloseAsync("admin", open.Number, "对话结束", default);
        }

        // Nor is a report left waiting on a question here filed in the middle of the next conversation.
        var conversations = _host.Services.GetRequiredService<IConversationStore>();
        foreach (var (who, due) in await conversations.ReportsDueAsync(DateTimeOffset.MaxValue, int.MaxValue, default))
        {
            await conversations.ForgetReportDueAsync(who, due, default);
        }

        await SentAsync(tickets);
        return result;
    }

    private async Task<string?> SayAsync(Cast cast, string who, DialogueTurn turn, string? said)
    {
        if (InGroup.TryGetValue(who, out var group))
        {
            var kind = turn.Photo == true ? "image" : turn.Voice is not null ? "voice" : "text";
            var message = _groups.Message(cast.GroupId(group.Name), group.Name, cast.Member(who), who, said ?? string.Empty, (said ?? string.Empty).Contains("@" + BotName, StringComparison.Ordinal), kind);
            var response = await _groups.PostAsync(_http, message);
            return response.Answer?.Reply ?? $"(HTTP {(int)response.Status})";
        }

        var openId = cast.OpenId(who);
        var now = CallbackClient.Now;
        var xml = turn switch
        {
            { Pin: { } pin } => CallbackMessages.Location(openId, now, CallbackClient.NextMsgId(), 30.2741, 120.1551, pin),
            { Photo: true } => CallbackMessages.Image(openId, now, CallbackClient.NextMsgId(), "https://example.invalid/photo.jpg"),
            { Voice: not null } => CallbackMessages.Voice(openId, now, CallbackClient.NextMsgId(), said),
            _ => CallbackMessages.Text(openId, now, CallbackClient.NextMsgId(), said ?? string.Empty),
        };
        return SimulatedWeChat.ReplyText(await _client.SendAsync(xml));
    }

    private static string Shown(DialogueTurn turn, string? said) => turn switch
    {
        { Pin: { } pin } => $"[pin {pin}]",
        { Photo: true } => "[photo]",
        { Voice: not null } => $"[voice] {said}",
        _ => said ?? string.Empty,
    };

    /// <summary>"#1" in a turn is the conversation's first ticket, by its last four digits.</summary>
    private async Task<string?> Numbered(string? text, Cast cast)
    {
        if (text is null)
        {
            return text;
        }

        var numbered = text;
        if (text.Contains('#', StringComparison.Ordinal))
        {
            var tickets = await TicketsAsync(cast);
            numbered = TicketRef().Replace(text, m =>
                int.Parse(m.Groups[1].Value, CultureInfo.InvariantCulture) is var n && n >= 1 && n <= tickets.Count ? tickets[n - 1].ShortNumber : "0000");
        }

        // "转派 0001 w2 …", also after a reason: the brief names staff by their ids, people name a colleague as the directory has it.
        var people = cast.Directory().People;
        return TransferTo().Replace(numbered, m => m.Groups[1].Value + (people.FirstOrDefault(p => p.Id == cast.Id(m.Groups[2].Value))?.Name ?? m.Groups[2].Value));
    }

    [GeneratedRegex(@"(转派\s*\d{4}\s+)([a-z]\d)(?![0-9A-Za-z])")]
    private static partial Regex TransferTo();

    [GeneratedRegex(@"(?<![0-9A-Za-z])#(\d+)")]
    private static partial Regex TicketRef();

    /// <summary>Every ticket the conversation's residents reported, in the order opened.</summary>
    private async Task<IReadOnlyList<Ticket>> TicketsAsync(Cast cast)
    {
        var store = _host.Services.GetRequiredService<ITicketStore>();
        var all = new List<Ticket>();
        foreach (var reporter in cast.Reporters)
        {
            all.AddRange(await store.ListByReporterAsync(reporter, 50, default));
        }

        return [.. all.DistinctBy(t => t.Number).OrderBy(t => t.CreatedAt).ThenBy(t => t.Number, StringComparer.Ordinal)];
    }

    /// <summary>Reports the bot still asks about: tickets waiting for their place, as a person would count them.</summary>
    private async Task<IReadOnlyList<(string Reporter, DraftProblem Problem)>> DraftsAsync(Cast cast, Dialogue dialogue)
    {
        var store = _host.Services.GetRequiredService<IConversationStore>();
        var drafts = new List<(string, DraftProblem)>();
        foreach (var who in dialogue.Turns.Select(t => t.Who).OfType<string>().Distinct().Where(w => w.StartsWith('r')))
        {
            var conversation = await store.GetAsync(cast.Key(who), default);
            drafts.AddRange((conversation.State?.Draft?.Problems ?? []).Select(p => (cast.Key(who).ToString(), p)));
        }

        return drafts;
    }

    /// <summary>
    /// Waits until the job has routed every new ticket and told every change (routed a ticket again when its place
    /// came): a person answers seconds later, not microseconds.
    /// </summary>
    private async Task RoutedAsync(Cast cast)
    {
        var store = _host.Services.GetRequiredService<ITicketStore>();
        var until = DateTime.UtcNow + Settle;
        while (DateTime.UtcNow < until)
        {
            var waiting = false;
            foreach (var ticket in await TicketsAsync(cast))
            {
                waiting |= ticket.AwaitsDispatch || await store.ToldAsync(ticket.Number, default) < ticket.Events.Count;
            }

            if (!waiting)
            {
                return;
            }

            await Task.Delay(20);
        }
    }

    /// <summary>Waits until every message about the tickets is final (delivered or given up).</summary>
    private async Task SentAsync(IReadOnlyList<Ticket> tickets)
    {
        var log = _host.Services.GetRequiredService<ISendLog>();
        var store = _host.Services.GetRequiredService<ITicketStore>();
        var until = DateTime.UtcNow + Settle;
        while (DateTime.UtcNow < until)
        {
            // First every event told (the notifier queues its messages a moment after the change is saved).
            var pending = false;
            foreach (var ticket in tickets)
            {
                var events = (await store.GetAsync(ticket.Number, default))?.Events.Count ?? 0;
                pending |= await store.ToldAsync(ticket.Number, default) < events;
            }

            // A hand-over's request to the worker is sent as tickets' messages are (and is checked as they are).
            foreach (var prefix in tickets.Select(t => t.Number + ":").Append("handover:"))
            {
                var records = await log.FindAsync(prefix, 200, default);
                pending |= records.Any(r => r.Status is MessageStatus.Queued or MessageStatus.Sending or MessageStatus.Retrying);
            }

            if (!pending)
            {
                return;
            }

            await Task.Delay(25);
        }
    }

    private async Task SweepAsync()
    {
        using var scope = _host.Services.CreateScope();
        await scope.ServiceProvider.GetRequiredService<NeighborBot.Jobs.Tickets.SweepJob>().RunAsync(default);
    }

    private static List<string> Check(
        DialogueExpectation expect, Cast cast, IReadOnlyList<Ticket> tickets, IReadOnlyList<(string Reporter, DraftProblem Problem)> drafts,
        IReadOnlyList<FakeDelivery> sent, IReadOnlyList<BridgePost> posts)
    {
        var failures = new List<string>();
        var found = tickets.Select(Found.Of).Concat(drafts.Select(d => Found.Of(d.Reporter, d.Problem))).ToList();
        if (found.Count != expect.Tickets.Count)
        {
            failures.Add($"tickets: expected {expect.Tickets.Count}, found {found.Count} ({string.Join("; ", found.Select(f => f.Describe(cast)))})");
        }

        for (var i = 0; i < Math.Min(found.Count, expect.Tickets.Count); i++)
        {
            var (want, got) = (expect.Tickets[i], found[i]);
            var at = want.Ref;
            Compare(failures, at, "reporter", want.By, cast.PersonOf(got.Reporter));
            Compare(failures, at, "category", want.Category, got.Category);
            Compare(failures, at, "urgent", want.Urgent, got.Urgent);
            Compare(failures, at, "status", want.Status, got.Status);
            if (want.Place is null)
            {
                if (got.Place is { IsEmpty: false })
                {
                    failures.Add($"{at} place: expected none yet, found {got.Place}");
                }
            }
            else
            {
                var place = got.Place;
                if (want.Place.Building is { } b) Compare(failures, at, "building", b, place?.Building);
                if (want.Place.Unit is { } u) Compare(failures, at, "unit", u, place?.Unit);
                if (want.Place.Room is { } r) Compare(failures, at, "room", r, place?.Room);
                if (want.Place.Place is { } p && !(place?.Place?.Contains(p, StringComparison.Ordinal) ?? false))
                {
                    failures.Add($"{at} place: expected {p}, found {place?.ToString() ?? "none"}");
                }
            }

            if (want.Handler is { } handler) Compare(failures, at, "handler", handler, cast.PersonOf(got.Ticket?.Assignee));
            if (want.Rating is [var low, var high] && got.Ticket?.Rating is var rating && (rating is null || rating < low || rating > high))
            {
                failures.Add($"{at} rating: expected {low}–{high}, found {rating?.ToString(CultureInfo.InvariantCulture) ?? "none"}");
            }

            if (want.Chased is { } chased) Compare(failures, at, "chased", chased, got.Ticket?.Events.Count(e => e.Action == "chased") ?? 0);
            foreach (var note in want.Notes ?? [])
            {
                var recorded = got.Ticket is { } t && (t.Text.Contains(note, StringComparison.Ordinal) || t.Events.Any(e => e.Note?.Contains(note, StringComparison.Ordinal) ?? false));
                if (!recorded)
                {
                    failures.Add($"{at} notes: '{note}' is not recorded on the ticket");
                }
            }
        }

        foreach (var (told, must) in (expect.Told ?? []).Select(c => (c, true)).Concat((expect.NotTold ?? []).Select(c => (c, false))))
        {
            var index = int.TryParse(told.About.TrimStart('#'), CultureInfo.InvariantCulture, out var n) ? n - 1 : -1;
            if (index < 0 || index >= tickets.Count)
            {
                if (must)
                {
                    failures.Add($"told {told.Who} about {told.About}: there is no such ticket");
                }

                continue;
            }

            var ticket = tickets[index];
            var heard = sent.Any(d => d.OpenId == cast.OpenId(told.Who) && About(d, ticket))
                || posts.Any(p => p.Mentions.Contains(cast.Member(told.Who)) && p.Text.Contains(ticket.ShortNumber, StringComparison.Ordinal));
            if (heard != must)
            {
                failures.Add(must ? $"{told.Who} was not told about {told.About}" : $"{told.Who} was told about {told.About}");
            }
        }

        if (expect.Handover == true && !sent.Any(d => d.OpenId.StartsWith("o_w", StringComparison.Ordinal) && (d.Text ?? string.Join(" ", d.Data.Values)).Contains("人工", StringComparison.Ordinal)))
        {
            failures.Add("handover: no grid worker was asked to contact the person");
        }

        return failures;
    }

    private static bool About(FakeDelivery d, Ticket ticket) =>
        (d.Text ?? string.Empty).Contains(ticket.ShortNumber, StringComparison.Ordinal)
        || d.Data.Values.Any(v => v.Contains(ticket.ShortNumber, StringComparison.Ordinal));

    private static void Compare<T>(List<string> failures, string at, string what, T expected, T actual)
    {
        if (!EqualityComparer<T>.Default.Equals(expected, actual))
        {
            failures.Add($"{at} {what}: expected {expected}, found {actual?.ToString() ?? "none"}");
        }
    }

    /// <summary>A ticket as the check sees it: a stored one, or a report still waiting for its place.</summary>
    private sealed record Found(string Reporter, string Category, bool Urgent, string Status, TicketLocation? Place, Ticket? Ticket)
    {
        public static Found Of(Ticket t) => new(t.Reporter, t.Category, t.Urgent, t.Status.ToString().ToLowerInvariant(), t.Location, t);

        /// <summary>A report still waiting for its place, in the conversation of the person who made it.</summary>
        public static Found Of(string reporter, DraftProblem p) => new(reporter, p.Category, p.Urgent, "submitted", p.Location, null);

        public string Describe(Cast cast) => $"{cast.PersonOf(Reporter)} {Category}{(Urgent ? " urgent" : string.Empty)} {Status} at {Place?.ToString() ?? "?"}";
    }

    /// <summary>The brief's people and groups for one conversation: ids, openids and groups of their own.</summary>
    private sealed class Cast(int index)
    {
        public int Index => index;

        public string Id(string who) => $"{who}-{index}";

        public string OpenId(string who) => $"o_{who}_{index}";

        public string Member(string who) => $"m_{who}_{index}";

        public string GroupId(string name) => $"{name}-{index}";

        public PersonKey Key(string who) => InGroup.TryGetValue(who, out var group)
            ? PersonKey.GroupMember(PersonKey.BridgeGroupChannel, Bridge, GroupId(group.Name), Member(who))
            : PersonKey.OfficialAccount(NeighborBotFactory.Account, OpenId(who));

        public IEnumerable<string> Reporters => new[] { "r1", "r2", "r3", "r4", "r5", "r6", "r7" }.Select(r => Key(r).ToString());

        /// <summary>The brief's id of a directory id, openid, member or person key of this conversation.</summary>
        public string? PersonOf(string? any) => any is null ? null
            : new[] { "r1", "r2", "r3", "r4", "r5", "r6", "r7" }.Concat(Staff)
                .FirstOrDefault(w => any == Id(w) || any == OpenId(w) || any == Member(w) || any == Key(w).ToString()) ?? any;

        public string Name(string any) => PersonOf(any) ?? any;

        public DirectoryDocument Directory() => new()
        {
            Communities = [new Community { Id = "gaoyang", Name = "高阳社区" }],
            Grids =
            [
                new Grid { Id = "g1", Community = "gaoyang", Name = "第一网格", Buildings = [1, 2, 3] },
                new Grid { Id = "g2", Community = "gaoyang", Name = "第二网格", Buildings = [4, 5, 6] },
                new Grid { Id = "g3", Community = "gaoyang", Name = "第三网格", Buildings = [7, 8, 9] },
            ],
            Households =
            [
                new Household { Id = "3-2-501", Building = 3, Unit = 2, Room = "501", Tags = ["elderly60"] },
                new Household { Id = "7-1-402", Building = 7, Unit = 1, Room = "402", Tags = ["elderly80", "living-alone"] },
                new Household { Id = "5-3-1102", Building = 5, Unit = 3, Room = "1102" },
            ],
            People =
            [
                Person("w1", "张伟", [Role.GridWorker], grids: ["g1"]),
                Person("w2", "陈静", [Role.GridWorker], grids: ["g2"]),
                Person("w3", "王磊", [Role.GridWorker], grids: ["g3"]),
                Person("l1", "李娜", [Role.GridLeader], grids: ["g1"]),
                Person("l2", "周强", [Role.GridLeader], grids: ["g2", "g3"]),
                Person("s1", "王强", [Role.Secretary]),
                Person("p1", "赵敏", [Role.Department], department: "物业"),
                Person("f1", "钱军", [Role.Department], department: "消防"),
                Person("c1", "吴芳", [Role.Department], department: "服务中心"),
                Person("j1", "郑勇", [Role.Department], department: "派出所"),
                Person("v1", "刘洋", [Role.Volunteer], households: ["7-1-402", "3-2-501"]),
            ],
            Groups = [.. InGroup.Values.Select(g => new ChatGroup { Bridge = Bridge, Id = GroupId(g.Name), Name = g.Name, Grid = g.Grid })],
            Places =
            [
                .. new[] { "东门", "北门", "中心花园", "小广场" }.Select(n => new PublicPlace { Name = n, Grid = "g1" }),
                .. new[] { "西门", "地下车库", "健身器材区", "快递柜" }.Select(n => new PublicPlace { Name = n, Grid = "g2" }),
                .. new[] { "南门", "垃圾站", "幼儿园门口", "主干道" }.Select(n => new PublicPlace { Name = n, Grid = "g3" }),
            ],
        };

        private Person Person(string who, string name, List<string> roles, List<string>? grids = null, string? department = null, List<string>? households = null) => new()
        {
            Id = Id(who),
            Name = name,
            Phone = "139" + (Array.IndexOf(Staff, who) + 1).ToString("D8", CultureInfo.InvariantCulture),
            OpenId = OpenId(who),
            Roles = roles,
            Grids = grids ?? [],
            Department = department,
            Households = households ?? [],
        };
    }

    /// <summary>A report of the results: the pass rate, what failed most, and every failed conversation with its transcript.</summary>
    public static string Report(IReadOnlyList<DialogueResult> results)
    {
        var text = new StringBuilder();
        var passed = results.Count(r => r.Passed);
        text.AppendLine(CultureInfo.InvariantCulture, $"{passed} of {results.Count} conversations end as they must ({100.0 * passed / Math.Max(1, results.Count):0.0} %).");
        foreach (var group in results.GroupBy(r => r.Dialogue.Id.Split('-')[0]))
        {
            text.AppendLine(CultureInfo.InvariantCulture, $"  {group.Key}: {group.Count(r => r.Passed)} of {group.Count()}");
        }

        var kinds = results.SelectMany(r => r.Failures).GroupBy(Kind).OrderByDescending(g => g.Count());
        text.AppendLine("What fails, by kind: " + string.Join(", ", kinds.Select(k => $"{k.Key} {k.Count()}")));
        foreach (var result in results.Where(r => !r.Passed))
        {
            text.AppendLine().AppendLine(CultureInfo.InvariantCulture, $"{result.Dialogue.Id}: {result.Dialogue.Note}");
            foreach (var failure in result.Failures)
            {
                text.AppendLine("  ✗ " + failure);
            }

            foreach (var line in result.Transcript)
            {
                text.AppendLine("    " + line);
            }
        }

        return text.ToString();
    }

    private static string Kind(string failure) =>
        failure.StartsWith("tickets:", StringComparison.Ordinal) ? "ticket count"
        : failure.EndsWith("there is no such ticket", StringComparison.Ordinal) ? "told about a ticket not opened"
        : failure.Contains(" was not told", StringComparison.Ordinal) ? "not told"
        : failure.Contains(" was told", StringComparison.Ordinal) ? "told wrongly"
        : failure.Split(' ', 3) is [_, var what, ..] ? what.TrimEnd(':') : failure;
}
