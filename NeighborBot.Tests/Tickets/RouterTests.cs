using Microsoft.Extensions.Options;
using Moq;
using NeighborBot.Directory;
using NeighborBot.Tickets;

namespace NeighborBot.Tests.Tickets;

public sealed class RouterTests
{
    private static readonly DirectorySnapshot Directory = new(new DirectoryDocument
    {
        Communities = [new Community { Id = "c", Name = "高阳社区" }],
        Grids =
        [
            new Grid { Id = "g1", Community = "c", Name = "一", Buildings = [1, 2] },
            new Grid { Id = "g2", Community = "c", Name = "二", Buildings = [3, 4] },
        ],
        People =
        [
            new Person { Id = "w1", Name = "网格员一", Roles = [Role.GridWorker], Grids = ["g1"] },
            new Person { Id = "w2", Name = "网格员二", Roles = [Role.GridWorker], Grids = ["g2"] },
            new Person { Id = "l1", Name = "网格长一", Roles = [Role.GridLeader], Grids = ["g1"] },
            new Person { Id = "s1", Name = "书记", Roles = [Role.Secretary] },
            new Person { Id = "p1", Name = "物业甲", Roles = [Role.Department], Department = "物业" },
            new Person { Id = "p2", Name = "物业乙", Roles = [Role.Department], Department = "物业" },
            new Person { Id = "police", Name = "民警", Roles = [Role.Department], Department = "派出所" },
            new Person { Id = "m1", Name = "调解员", Roles = [Role.Mediator] },
            new Person { Id = "f1", Name = "消防员", Roles = [Role.Department], Department = "消防" },
            new Person { Id = "v1", Name = "志愿者", Roles = [Role.Volunteer], Households = ["1-1-101"] },
        ],
    }, 1);

    private static Router Router(RoutingOptions? options = null) =>
        new(Mock.Of<IOptionsMonitor<RoutingOptions>>(m => m.CurrentValue == (options ?? new RoutingOptions())));

    private static Ticket Ticket(string category, string? grid, bool urgent = false, string text = "t", string? hazard = null, string? household = null) => new()
    {
        Category = category, Grid = grid, Urgent = urgent, Reporter = "mp:a:o", Channel = "mp", Text = text, SourceId = "s", HouseholdId = household,
        Events = [new TicketEvent(DateTimeOffset.UnixEpoch, "mp:a:o", TicketActions.Created, hazard is null ? null : NeighborBot.Tickets.Ticket.HazardMark + hazard)],
    };

    [Fact]
    public void A_repair_goes_to_the_property_staff_member_with_the_fewest_open_tickets()
    {
        var route = Router().Decide(Ticket("repair", "g1"), Directory, id => id == "p1" ? 3 : 1);

        Assert.Equal("p2", route.Handler!.Id);
        Assert.Empty(route.Informed);
    }

    [Theory]
    [InlineData("插座前天冒了火星子 后来没动静了", true)]
    [InlineData("楼道电线外皮裂了 铜丝都露出来了 倒是没冒火花", false)]
    [InlineData("楼道电线老化 没有火花 也不冒烟", false)]
    [InlineData("3号楼西头那个消防通道 叫人停了三辆小车 真着火了消防车都进不来", false)]
    [InlineData("楼道里堆满了纸箱子 万一着火了都跑不出去", false)]
    public void A_hazard_that_tells_of_sparks_reaches_fire_safety_and_one_that_denies_or_supposes_them_does_not(string text, bool fireSafetyTold)
    {
        var route = Router().Decide(Ticket("hazard", "g1", text: text), Directory, _ => 0);

        Assert.Equal("w1", route.Handler!.Id);
        Assert.Equal(fireSafetyTold, route.Informed.Any(p => p.Id == "f1"));
    }

    [Fact]
    public void A_dispute_goes_to_the_grid_worker_of_its_grid_and_the_mediator_is_told()
    {
        var route = Router().Decide(Ticket("dispute", "g2"), Directory, _ => 0);

        Assert.Equal("w2", route.Handler!.Id);
        Assert.Equal(["m1"], route.Informed.Select(p => p.Id));
    }

    [Fact]
    public void An_urgent_ticket_also_goes_to_the_grid_leader_and_the_secretary()
    {
        var route = Router().Decide(Ticket("hazard", "g1", urgent: true), Directory, _ => 0);

        Assert.Equal("w1", route.Handler!.Id);
        Assert.Equal(["l1", "s1"], route.Informed.Select(p => p.Id));
    }

    [Theory]
    [InlineData("fire")]
    [InlineData("gas")]
    public void Smoke_fire_and_gas_are_told_to_the_fire_safety_department(string hazard)
    {
        var route = Router().Decide(Ticket("hazard", "g1", urgent: true, hazard: hazard), Directory, _ => 0);

        Assert.Contains("f1", route.Informed.Select(p => p.Id));
    }

    [Theory]
    [InlineData("fall")]
    [InlineData("missing")]
    public void An_elderly_person_fallen_or_missing_at_a_paired_household_reaches_its_volunteer(string hazard)
    {
        var route = Router().Decide(Ticket("wish", "g1", urgent: true, hazard: hazard, household: "1-1-101"), Directory, _ => 0);

        Assert.Contains("v1", route.Informed.Select(p => p.Id));
        Assert.DoesNotContain("f1", route.Informed.Select(p => p.Id));
    }

    [Theory]
    [InlineData("fraud", "fraud")]
    [InlineData("hazard", "gas")]
    public void Other_emergencies_at_a_paired_household_are_not_the_volunteers(string category, string hazard)
    {
        var route = Router().Decide(Ticket(category, "g1", urgent: true, hazard: hazard, household: "1-1-101"), Directory, _ => 0);

        Assert.DoesNotContain("v1", route.Informed.Select(p => p.Id));
        Assert.Contains("l1", route.Informed.Select(p => p.Id));
    }

    [Theory]
    [InlineData("我要投诉物业，收了物业费啥也不干")]
    [InlineData("物业态度太差了，打电话都不管")]
    public void A_complaint_about_the_property_company_goes_to_the_secretary_not_to_the_company(string text)
    {
        var route = Router().Decide(Ticket("property", "g1", text: text), Directory, _ => 0);

        Assert.Equal("s1", route.Handler!.Id);
        Assert.DoesNotContain(route.Informed, p => p.Department == "物业");
    }

    [Fact]
    public void Garbage_not_collected_still_goes_to_the_property_company()
    {
        var route = Router().Decide(Ticket("property", "g1", text: "3号楼门口的垃圾两天没收了"), Directory, _ => 0);

        Assert.Equal("物业", route.Handler!.Department);
    }

    [Fact]
    public void Fraud_goes_to_the_police_liaison()
    {
        Assert.Equal("police", Router().Decide(Ticket("fraud", "g1"), Directory, _ => 0).Handler!.Id);
    }

    [Fact]
    public void Without_anyone_for_the_rule_the_grid_worker_handles_it_and_without_a_grid_the_secretary()
    {
        Assert.Equal("w1", Router().Decide(Ticket("consult", "g1"), Directory, _ => 0).Handler!.Id);
        Assert.Equal("s1", Router().Decide(Ticket("consult", null), Directory, _ => 0).Handler!.Id);
    }

    [Fact]
    public void A_rule_for_one_grid_wins_over_the_general_rule()
    {
        var options = new RoutingOptions
        {
            Rules = [.. RoutingOptions.DefaultRules, new RoutingRule { Category = "repair", Grid = "g2", Role = Role.GridWorker }],
        };

        Assert.Equal("w2", Router(options).Decide(Ticket("repair", "g2"), Directory, _ => 0).Handler!.Id);
        Assert.StartsWith("p", Router(options).Decide(Ticket("repair", "g1"), Directory, _ => 0).Handler!.Id, StringComparison.Ordinal);
    }
}
