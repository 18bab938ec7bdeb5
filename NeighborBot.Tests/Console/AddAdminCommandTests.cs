using Microsoft.Extensions.DependencyInjection;
using NeighborBot.Accounts;
using NeighborBot.Api.Console;
using NeighborBot.Tests.Infrastructure;

namespace NeighborBot.Tests.Console;

public sealed class AddAdminCommandTests
{
    [Theory]
    [InlineData("add-admin wang", "wang", null)]
    [InlineData("add-admin wang --display 王强", "wang", "王强")]
    public void The_command_reads_the_name_and_the_display_name(string line, string name, string? display)
    {
        Assert.True(AddAdminCommand.TryParse(line.Split(' '), out var command, out var usage));
        Assert.False(usage);
        Assert.Equal(new AddAdminCommand(name, display), command);
    }

    [Theory]
    [InlineData("add-admin")]
    [InlineData("add-admin --display x")]
    [InlineData("add-admin a b")]
    public void Wrong_arguments_ask_for_the_usage(string line)
    {
        Assert.True(AddAdminCommand.TryParse(line.Split(' '), out _, out var usage));
        Assert.True(usage);
    }

    [Fact]
    public void Other_arguments_are_the_service_s() => Assert.False(AddAdminCommand.TryParse(["--urls", "http://x"], out _, out _));

    [Fact]
    public async Task The_admin_is_added_to_Redis_with_the_password_from_standard_input_and_the_addition_is_audited()
    {
        await using var host = new NeighborBotFactory();
        var output = new StringWriter();

        var code = await new AddAdminCommand("chen", "陈主任").RunAsync(host.Services, _ => null, new StringReader("a-long-password\n"), output, default);

        Assert.Equal(0, code);
        Assert.Contains("added", output.ToString(), StringComparison.Ordinal);
        var accounts = host.Services.GetRequiredService<StaffAccounts>();
        var account = await accounts.VerifyAsync("chen", "a-long-password", default);
        Assert.Equal([StaffRoles.Admin], account!.Roles);
        Assert.Equal("陈主任", account.DisplayName);
        Assert.Contains(await accounts.AuditLogAsync(10, default), e => e.Action == "account.add" && e.Target == "chen");
    }

    [Fact]
    public async Task The_password_variable_wins_over_standard_input_and_a_second_admin_of_the_name_is_refused()
    {
        await using var host = new NeighborBotFactory();
        var variables = new Dictionary<string, string?> { [AddAdminCommand.PasswordVariable] = "from-the-variable" };

        Assert.Equal(0, await new AddAdminCommand("chen", null).RunAsync(host.Services, v => variables.GetValueOrDefault(v), new StringReader("from-stdin-xx"), TextWriter.Null, default));
        var output = new StringWriter();
        Assert.Equal(1, await new AddAdminCommand("chen", null).RunAsync(host.Services, _ => null, new StringReader("another-password"), output, default));

        Assert.Contains("already exists", output.ToString(), StringComparison.Ordinal);
        Assert.NotNull(await host.Services.GetRequiredService<StaffAccounts>().VerifyAsync("chen", "from-the-variable", default));
    }
}
