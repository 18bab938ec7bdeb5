using Microsoft.Extensions.Options;
using NeighborBot.Directory;

namespace NeighborBot.Tickets;

/// <summary>
/// The <c>Routing</c> section: who handles a ticket, by category and optionally grid. A rule names a
/// department (物业, 派出所, ...) or a role (grid-worker, mediator, ...) of the ticket's grid, and may
/// name roles to inform too. Rules with a grid win over rules without; no rule or nobody found falls
/// back to the grid worker of the ticket's grid, then to the community secretary.
/// </summary>
public sealed class RoutingOptions
{
    public const string Section = "Routing";

    public List<RoutingRule> Rules { get; set; } = [];

    /// <summary>Roles of the ticket's grid told about every urgent ticket as well.</summary>
    public List<string> UrgentAlso { get; set; } = [Role.GridLeader, Role.Secretary];

    /// <summary>Departments told about an urgent ticket, by the danger intake saw (fire, smoke and gas: 消防).</summary>
    public Dictionary<string, string> HazardAlso { get; set; } = new(StringComparer.OrdinalIgnoreCase)
    {
        ["fire"] = "消防",
        ["gas"] = "消防",
        ["electric"] = "消防",
    };

    /// <summary>
    /// Who handles a complaint about the department a rule would send it to ("投诉物业，收了物业费啥也不干"):
    /// never the department itself, but this role of the community.
    /// </summary>
    public string ComplaintsTo { get; set; } = Role.Secretary;

    /// <summary>The defaults of shared/design/product.md, used when the section has no rules.</summary>
    public static List<RoutingRule> DefaultRules =>
    [
        new() { Category = "repair", Department = "物业" },
        new() { Category = "property", Department = "物业" },
        new() { Category = "environment", Department = "物业" },
        new() { Category = "dispute", Role = Role.GridWorker, Also = [Role.Mediator] },
        new() { Category = "hazard", Role = Role.GridWorker },
        new() { Category = "fraud", Department = "派出所", Also = [Role.GridWorker] },
        new() { Category = "consult", Department = "服务中心" },
        new() { Category = "wish", Role = Role.GridWorker },
    ];
}

public sealed class RoutingRule
{
    public string Category { get; set; } = string.Empty;

    /// <summary>Only for tickets of this grid (optional).</summary>
    public string? Grid { get; set; }

    /// <summary>Staff of this department handle it...</summary>
    public string? Department { get; set; }

    /// <summary>...or people with this role in the ticket's grid.</summary>
    public string? Role { get; set; }

    /// <summary>Roles (of the ticket's grid, or anywhere for roles without grids) told as well.</summary>
    public List<string> Also { get; set; } = [];
}

internal sealed class RoutingOptionsValidator : IValidateOptions<RoutingOptions>
{
    private static readonly string[] Categories = ["repair", "hazard", "dispute", "consult", "property", "environment", "fraud", "wish"];

    public ValidateOptionsResult Validate(string? name, RoutingOptions options)
    {
        var problems = new List<string>();
        for (var i = 0; i < options.Rules.Count; i++)
        {
            var rule = options.Rules[i];
            var at = $"Routing:Rules:{i}";
            if (!Categories.Contains(rule.Category))
            {
                problems.Add($"{at}:Category '{rule.Category}' is not one of {string.Join(", ", Categories)}");
            }

            if (string.IsNullOrWhiteSpace(rule.Department) == string.IsNullOrWhiteSpace(rule.Role))
            {
                problems.Add($"{at}: give either Department or Role");
            }

            if (rule.Role is { Length: > 0 } role && !Directory.Role.All.Contains(role))
            {
                problems.Add($"{at}:Role '{role}' is unknown");
            }

            problems.AddRange(rule.Also.Where(r => !Directory.Role.All.Contains(r)).Select(r => $"{at}:Also '{r}' is unknown"));
        }

        problems.AddRange(options.UrgentAlso.Where(r => !Role.All.Contains(r)).Select(r => $"Routing:UrgentAlso '{r}' is unknown"));
        if (!Role.All.Contains(options.ComplaintsTo))
        {
            problems.Add($"Routing:ComplaintsTo '{options.ComplaintsTo}' is unknown");
        }

        return problems.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(problems);
    }
}

/// <summary>Who handles a ticket and who else is told.</summary>
public sealed record Route(Person? Handler, IReadOnlyList<Person> Informed, string Reason);

/// <summary>Applies the routing rules to a ticket against the directory.</summary>
public sealed class Router(IOptionsMonitor<RoutingOptions> options)
{
    /// <param name="load">How many open tickets a person holds, to spread work among department staff.</param>
    public Route Decide(Ticket ticket, DirectorySnapshot directory, Func<string, int> load)
    {
        var settings = options.CurrentValue;
        var rules = RulesOf(settings);
        var rule = rules.FirstOrDefault(r => r.Category == ticket.Category && r.Grid is not null && r.Grid == ticket.Grid)
            ?? rules.FirstOrDefault(r => r.Category == ticket.Category && r.Grid is null);

        var complaint = rule?.Department is { Length: > 0 } complained && IsComplaintAbout(ticket.Text, complained);
        var handler = rule switch
        {
            _ when complaint => Least(InGrid(directory, settings.ComplaintsTo, ticket.Grid), load),
            { Department: { Length: > 0 } department } => Least(directory.OfDepartment(department), load),
            { Role: { Length: > 0 } role } => Least(InGrid(directory, role, ticket.Grid), load),
            _ => null,
        };
        var reason = handler is null ? "fallback" : complaint ? "投诉" + rule!.Department : rule!.Department ?? rule.Role!;
        handler ??= Least(InGrid(directory, Role.GridWorker, ticket.Grid), load);
        if (handler is null)
        {
            handler = directory.WithRole(Role.Secretary).FirstOrDefault();
            reason = "secretary";
        }

        var alsoRoles = (rule?.Also ?? []).Concat(ticket.Urgent ? settings.UrgentAlso : []);
        var informed = alsoRoles
            .SelectMany(role => (role == Role.Mediator ? FittingFirst(InGrid(directory, role, ticket.Grid), ticket) : InGrid(directory, role, ticket.Grid)).Take(1))
            .Concat(ticket.Urgent ? Urgently(ticket, directory, settings, load) : FireRisk(ticket, directory, settings, load))
            .Where(p => p.Id != handler?.Id)
            .DistinctBy(p => p.Id)
            .ToList();
        return new Route(handler, informed, reason);
    }

    /// <summary>
    /// Told of an urgent ticket besides the roles: the department its danger calls for (消防 for smoke),
    /// and, when a person at the household fell or is missing, the volunteers paired with it (they look after that
    /// person; a gas smell or a scam at the same flat is for the handler and the grid).
    /// </summary>
    private static IEnumerable<Person> Urgently(Ticket ticket, DirectorySnapshot directory, RoutingOptions settings, Func<string, int> load)
    {
        foreach (var staff in DepartmentOf(ticket.Hazard, directory, settings, load))
        {
            yield return staff;
        }

        if (ticket.HouseholdId is { } household && ticket.Hazard is Intake.IntakeHazards.Fall or Intake.IntakeHazards.Missing)
        {
            foreach (var volunteer in directory.WithRole(Role.Volunteer).Where(p => p.Households.Contains(household, StringComparer.OrdinalIgnoreCase)))
            {
                yield return volunteer;
            }
        }
    }

    /// <summary>
    /// Whether two categories would reach the same handler for these words (物业 for both a garbage complaint and a
    /// sanitation problem): then there is nothing to ask the resident, the likelier category will do.
    /// </summary>
    public bool SameHandler(string first, string second, string text)
    {
        var settings = options.CurrentValue;
        var rules = RulesOf(settings);
        return Who(first) == Who(second);

        string Who(string category)
        {
            if (rules.Any(r => r.Category == category && r.Grid is not null))
            {
                // A rule for some grids only: who handles it depends on the place, unknown yet.
                return "grid-rule:" + category;
            }

            var rule = rules.FirstOrDefault(r => r.Category == category && r.Grid is null);
            return rule switch
            {
                { Department: { Length: > 0 } department } when IsComplaintAbout(text, department) => "role:" + settings.ComplaintsTo,
                { Department: { Length: > 0 } department } => "department:" + department + ":" + string.Join(',', rule.Also),
                { Role: { Length: > 0 } role } => "role:" + role + ":" + string.Join(',', rule.Also),
                _ => "role:" + Role.GridWorker,
            };
        }
    }

    /// <summary>
    /// A safety hazard that is not urgent but tells of fire, smoke, sparks or gas ("插座前天冒了火星子，后来没动静了"):
    /// the department for that danger (消防) is told as well, so fire safety can look at it in its own time.
    /// Ageing wiring or an e-bike charging in the stairwell alone are the grid's to handle.
    /// </summary>
    private static IEnumerable<Person> FireRisk(Ticket ticket, DirectorySnapshot directory, RoutingOptions settings, Func<string, int> load) =>
        ticket.Category == "hazard" ? DepartmentOf(FireKind(ticket.Text), directory, settings, load) : [];

    /// <summary>The least busy of the department a danger calls for (<see cref="RoutingOptions.HazardAlso"/>), if any.</summary>
    private static IEnumerable<Person> DepartmentOf(string? hazard, DirectorySnapshot directory, RoutingOptions settings, Func<string, int> load)
    {
        if (hazard is not null && settings.HazardAlso.TryGetValue(hazard, out var department) && Least(directory.OfDepartment(department), load) is { } staff)
        {
            yield return staff;
        }
    }

    private static List<RoutingRule> RulesOf(RoutingOptions settings) => settings.Rules.Count > 0 ? settings.Rules : RoutingOptions.DefaultRules;

    private static readonly string[] GasWords = ["煤气味", "燃气味", "天然气味", "液化气味", "漏气", "煤气泄漏", "燃气泄漏"];

    private static readonly string[] FireWords = ["火花", "火星", "冒火", "着火", "起火", "失火", "冒烟", "烟味", "焦糊", "焦味", "烧焦", "烧着", "火苗", "明火"];

    /// <summary>
    /// "fire" or "gas" when the words of a report that is no emergency tell of either, else null; "倒是没冒火花" tells of
    /// neither, nor does a fire supposed ("万一着火", "要是起火", "真着火了消防车都进不来").
    /// </summary>
    internal static string? FireKind(string text) =>
        Tells(text, GasWords) ? "gas"
        : Tells(text, FireWords) ? "fire"
        : null;

    private static bool Tells(string text, string[] words)
    {
        foreach (var word in words)
        {
            for (var at = text.IndexOf(word, StringComparison.Ordinal); at >= 0; at = text.IndexOf(word, at + 1, StringComparison.Ordinal))
            {
                // "没冒火花", "没有火花", "不冒烟": a denial right before the word.
                var before = text.AsSpan(Math.Max(0, at - 3), Math.Min(at, 3));
                if (before[^Math.Min(before.Length, 2)..].IndexOfAny("没不未无") < 0 && !Supposed(before))
                {
                    return true;
                }
            }
        }

        return false;
    }

    private static bool Supposed(ReadOnlySpan<char> before) =>
        before.Contains("万一", StringComparison.Ordinal) || before.Contains("要是", StringComparison.Ordinal) || before.Contains("如果", StringComparison.Ordinal)
        || before.Contains("一旦", StringComparison.Ordinal) || before.Contains("假如", StringComparison.Ordinal) || before.Contains("真要", StringComparison.Ordinal)
        || before.EndsWith("怕", StringComparison.Ordinal) || before.EndsWith("真", StringComparison.Ordinal);

    /// <summary>Mediators who take the kind of dispute the words are about first (a noise mediator for noise), then the rest in directory order.</summary>
    private static IEnumerable<Person> FittingFirst(IEnumerable<Person> mediators, Ticket ticket) =>
        Specialties.Guess(ticket.Text) is { } specialty
            ? mediators.OrderBy(p => p.Specialties.Contains(specialty, StringComparer.OrdinalIgnoreCase) ? 0 : 1)
            : mediators;

    private static readonly string[] ComplaintWords =
        ["投诉", "不作为", "不管", "没人管", "不干", "不办事", "不负责", "态度", "乱收费", "多收", "白交", "推脱", "推诿", "敷衍", "踢皮球", "举报"];

    /// <summary>"我要投诉物业，收了物业费啥也不干": the department named with words of complaint.</summary>
    public static bool IsComplaintAbout(string text, string department) =>
        text.Contains(department, StringComparison.Ordinal) && ComplaintWords.Any(w => text.Contains(w, StringComparison.Ordinal));

    /// <summary>People of a role serving the grid; roles without grids (mediator, secretary) anywhere.</summary>
    private static IEnumerable<Person> InGrid(DirectorySnapshot directory, string role, string? grid)
    {
        var all = directory.WithRole(role).ToList();
        var inGrid = grid is null ? [] : all.Where(p => p.Grids.Contains(grid, StringComparer.OrdinalIgnoreCase)).ToList();
        return inGrid.Count > 0 ? inGrid : all.Where(p => p.Grids.Count == 0);
    }

    private static Person? Least(IEnumerable<Person> people, Func<string, int> load) =>
        people.OrderBy(p => load(p.Id)).ThenBy(p => p.Id, StringComparer.Ordinal).FirstOrDefault();
}
