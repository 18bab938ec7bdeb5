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
    public List<string> UrgentAlso { get; set; } = [Role.GridLeader];

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
        var rules = settings.Rules.Count > 0 ? settings.Rules : RoutingOptions.DefaultRules;
        var rule = rules.FirstOrDefault(r => r.Category == ticket.Category && r.Grid is not null && r.Grid == ticket.Grid)
            ?? rules.FirstOrDefault(r => r.Category == ticket.Category && r.Grid is null);

        var handler = rule switch
        {
            { Department: { Length: > 0 } department } => Least(directory.OfDepartment(department), load),
            { Role: { Length: > 0 } role } => Least(InGrid(directory, role, ticket.Grid), load),
            _ => null,
        };
        var reason = handler is null ? "fallback" : rule!.Department ?? rule.Role!;
        handler ??= Least(InGrid(directory, Role.GridWorker, ticket.Grid), load);
        if (handler is null)
        {
            handler = directory.WithRole(Role.Secretary).FirstOrDefault();
            reason = "secretary";
        }

        var alsoRoles = (rule?.Also ?? []).Concat(ticket.Urgent ? settings.UrgentAlso : []);
        var informed = alsoRoles
            .SelectMany(role => InGrid(directory, role, ticket.Grid).Take(1))
            .Where(p => p.Id != handler?.Id)
            .DistinctBy(p => p.Id)
            .ToList();
        return new Route(handler, informed, reason);
    }

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
