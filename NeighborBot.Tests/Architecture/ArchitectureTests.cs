using System.Reflection;
using NeighborBot.Bridges;
using NeighborBot.Conversations;
using NeighborBot.Storage;
using NeighborBot.WeChat;
using NetArchTest.Rules;

namespace NeighborBot.Tests.Architecture;

/// <summary>
/// Dependencies flow one way: the domain references no infrastructure; the channel, the storage and
/// the jobs reference the domain and never each other's insides; and no two folders of the domain
/// import each other.
/// </summary>
public sealed class ArchitectureTests
{
    private static readonly Assembly Domain = typeof(ConversationEngine).Assembly;
    private static readonly Assembly WeChat = typeof(WeChatCallback).Assembly;
    private static readonly Assembly Storage = typeof(RedisKeys).Assembly;
    private static readonly Assembly Bridges = typeof(BridgeCallback).Assembly;

    private static readonly string[] Infrastructure =
    [
        "StackExchange.Redis", "Hangfire", "Microsoft.AspNetCore", "System.Net.Http", "Polly",
        "NeighborBot.WeChat", "NeighborBot.Storage", "NeighborBot.Jobs", "NeighborBot.Api", "NeighborBot.Bridges",
    ];

    [Fact]
    public void The_domain_references_no_infrastructure()
    {
        var result = Types.InAssembly(Domain).ShouldNot().HaveDependencyOnAny(Infrastructure).GetResult();

        Assert.True(result.IsSuccessful, "These domain types depend on infrastructure: " + string.Join(", ", result.FailingTypeNames ?? []));
        Assert.DoesNotContain(Domain.GetReferencedAssemblies(), a => Infrastructure.Any(i => a.Name!.StartsWith(i, StringComparison.Ordinal)));
    }

    [Fact]
    public void The_channels_and_the_storage_do_not_reference_each_other_or_the_jobs()
    {
        var channel = Types.InAssembly(WeChat).ShouldNot().HaveDependencyOnAny("NeighborBot.Storage", "NeighborBot.Bridges", "NeighborBot.Jobs", "NeighborBot.Api", "StackExchange.Redis", "Hangfire").GetResult();
        var bridges = Types.InAssembly(Bridges).ShouldNot().HaveDependencyOnAny("NeighborBot.Storage", "NeighborBot.WeChat", "NeighborBot.Jobs", "NeighborBot.Api", "StackExchange.Redis", "Hangfire").GetResult();
        var storage = Types.InAssembly(Storage).ShouldNot().HaveDependencyOnAny("NeighborBot.WeChat", "NeighborBot.Bridges", "NeighborBot.Jobs", "NeighborBot.Api", "Hangfire", "Microsoft.AspNetCore").GetResult();

        Assert.True(channel.IsSuccessful, "WeChat depends on: " + string.Join(", ", channel.FailingTypeNames ?? []));
        Assert.True(bridges.IsSuccessful, "The bridge channel depends on: " + string.Join(", ", bridges.FailingTypeNames ?? []));
        Assert.True(storage.IsSuccessful, "Storage depends on: " + string.Join(", ", storage.FailingTypeNames ?? []));
    }

    [Fact]
    public void No_two_folders_of_the_domain_import_each_other()
    {
        var cycles = FolderCycles.Find(Domain, "NeighborBot");

        Assert.True(cycles.Count == 0, "Folders that import each other: " + string.Join("; ", cycles.Select(c => $"{c.A} <-> {c.B}")));
    }

    [Fact]
    public void The_cycle_check_finds_two_folders_that_import_each_other()
    {
        var cycles = FolderCycles.Find(typeof(ArchitectureTests).Assembly, Samples.Cyclic.Marker.Root);

        var cycle = Assert.Single(cycles);
        Assert.Equal(($"{Samples.Cyclic.Marker.Root}.Left", $"{Samples.Cyclic.Marker.Root}.Right"), (cycle.A, cycle.B));
        Assert.Empty(FolderCycles.Find(typeof(ArchitectureTests).Assembly, Samples.Acyclic.Marker.Root));
    }
}

/// <summary>The pairs of folders (namespaces one level below a root) that depend on each other.</summary>
public static class FolderCycles
{
    public static IReadOnlyList<(string A, string B)> Find(Assembly assembly, string root)
    {
        var folders = assembly.GetTypes()
            .Select(t => t.Namespace)
            .Where(n => n is not null && n.StartsWith(root + ".", StringComparison.Ordinal))
            .Select(n => root + "." + n![(root.Length + 1)..].Split('.')[0])
            .Distinct(StringComparer.Ordinal)
            .Order(StringComparer.Ordinal)
            .ToList();

        bool Uses(string from, string to) => Types.InAssembly(assembly).That().ResideInNamespace(from).And().HaveDependencyOn(to).GetTypes().Any();

        var cycles = new List<(string, string)>();
        for (var i = 0; i < folders.Count; i++)
        {
            for (var j = i + 1; j < folders.Count; j++)
            {
                if (Uses(folders[i], folders[j]) && Uses(folders[j], folders[i]))
                {
                    cycles.Add((folders[i], folders[j]));
                }
            }
        }

        return cycles;
    }
}
