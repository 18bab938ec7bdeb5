using NeighborBot.Intake;

namespace NeighborBot.Tests.Intake;

/// <summary>The location grammar: every way residents write a building, unit, room or public place.</summary>
public sealed class LocationTests
{
    private static readonly IntakeAnalyzer Analyzer = new(IntakeRules.Default);

    [Theory]
    [InlineData("3-2-501", 3, 2, "501")]
    [InlineData("3好楼2单远501", 3, 2, "501")]
    [InlineData("3#2-501", 3, 2, "501")]
    [InlineData("3栋2单元501", 3, 2, "501")]
    [InlineData("3号楼2单元501室", 3, 2, "501")]
    [InlineData("三号楼二单元五零一", 3, 2, "501")]
    [InlineData("３号楼２单元５０１", 3, 2, "501")]
    [InlineData("3号楼 2单元 501", 3, 2, "501")]
    [InlineData("10号楼2单元1202", 10, 2, "1202")]
    [InlineData("十二号楼三单元一二零二", 12, 3, "1202")]
    [InlineData("5-1-302卫生间漏水", 5, 1, "302")]
    [InlineData("3栋2-501", 3, 2, "501")]
    [InlineData("三杠二杠五零一 我家电闸老是跳", 3, 2, "501")]
    [InlineData("电线烧起来了 11号3单元902 快点来", 11, 3, "902")]
    [InlineData("18号2单元301下水道堵了", 18, 2, "301")]
    [InlineData("4#3单元1101", 4, 3, "1101")]
    [InlineData("七号楼三单元十二楼零二 就是我家", 7, 3, "1202")]
    [InlineData("3号楼2单元5楼01", 3, 2, "501")]
    [InlineData("18栋2单元，六楼，602", 18, 2, "602")]
    [InlineData("三号楼二单元五楼五零二", 3, 2, "502")]
    [InlineData("6/2/301 暖气片漏水", 6, 2, "301")]
    [InlineData("9座1梯1203 下水道堵了", 9, 1, "1203")]
    [InlineData("二号楼而单元二零三", 2, 2, "203")]
    [InlineData("12.3.801 热水器不打火", 12, 3, "801")]
    [InlineData("8。1。602阳台漏雨", 8, 1, "602")]
    [InlineData("6号楼4洞301 门锁坏了", 6, 4, "301")]
    [InlineData("4栋1单元6楼2号 暖气不热", 4, 1, "602")]
    [InlineData("十一号楼二单元十二楼三号 下水堵了", 11, 2, "1203")]
    [InlineData("气号楼三单元五零二 灯不亮", 7, 3, "502")]
    [InlineData("幺号楼幺单元四零二 水龙头坏了", 1, 1, "402")]
    [InlineData("5号楼2单元楼顶漏水 下雨天我家屋顶往下滴 我是1102", 5, 2, "1102")]
    public void A_building_unit_and_room_are_read_in_every_style(string text, int building, int unit, string room)
    {
        Assert.Equal(new IntakeLocation(building, unit, room, null), Analyzer.ExtractLocation(text));
    }

    [Theory]
    [InlineData("34-2楼道里纸壳子堆到三楼了", 34, 2)]
    [InlineData("8-3楼道里堆满纸箱子", 8, 3)]
    [InlineData("4-1楼梯扶手松了", 4, 1)]
    [InlineData("25-6单元门口电瓶车停成一排", 25, 6)]
    [InlineData("五号楼两单元那个单元门坏了", 5, 2)]
    [InlineData("上周三9号楼一单元的电梯门坏了", 9, 1)]
    [InlineData("八栋三门洞楼道灯不亮", 8, 3)]
    [InlineData("死号楼二单元门口一股煤气味", 4, 2)]
    public void A_building_and_its_unit_are_read_in_every_style(string text, int building, int unit)
    {
        Assert.Equal(new IntakeLocation(building, unit, null, null), Analyzer.ExtractLocation(text));
    }

    [Theory]
    [InlineData("6号208 马桶堵了", 6, "208")]
    [InlineData("9号楼的污水管堵了 一楼101家里都是水", 9, "101")]
    [InlineData("我是13号楼的1201 厨房的灯不亮", 13, "1201")]
    public void A_room_after_a_building_said_with_hao_or_after_its_floor_is_read(string text, int building, string room)
    {
        Assert.Equal(new IntakeLocation(building, null, room, null), Analyzer.ExtractLocation(text));
    }

    [Theory]
    [InlineData("4/1 开始停水吗")]
    [InlineData("12月3号201路公交改线了")]
    [InlineData("一梯两户的老楼 电梯坏了")]
    public void A_date_a_bus_line_or_a_kind_of_building_is_no_place(string text)
    {
        Assert.Null(Analyzer.ExtractLocation(text));
    }

    [Fact]
    public void A_floor_beside_a_room_that_is_not_on_it_gives_no_room()
    {
        Assert.Equal(new IntakeLocation(18, 2, null, null), Analyzer.ExtractLocation("18栋2单元，六楼，302"));
    }

    [Fact]
    public void A_room_said_aloud_with_yao_is_a_room_but_an_emergency_number_is_not()
    {
        Assert.Equal(new IntakeLocation(38, null, "1102", null), Analyzer.ExtractLocation("三十八号楼那个高层 幺幺零二 消防门关不上"));
        Assert.Equal(new IntakeLocation(9, 2, "101", null), Analyzer.ExtractLocation("我是九号楼 二单元 二零一 不对 是幺零一"));
        Assert.Null(Analyzer.ExtractLocation("打幺幺零报警了"));
        Assert.Null(Analyzer.ExtractLocation("快打幺二零"));
        Assert.Null(Analyzer.ExtractLocation("电话幺三八零零零零幺幺幺幺"));
    }

    [Fact]
    public void A_room_after_a_home_cue_may_run_into_the_next_words()
    {
        Assert.Equal(new IntakeLocation(22, null, "1802", null), Analyzer.ExtractLocation("22号楼屋顶的防水层老化了，我家顶楼1802一下雨天花板就渗水"));
    }

    [Fact]
    public void A_problem_that_names_only_a_public_place_is_in_the_building_the_message_names()
    {
        var result = Analyzer.Analyze("两件事。第一，楼下那户把我们单元的自行车棚占了一半，说了好多回不挪。第二，我们单元门口的台阶裂了一大块，老人容易绊倒。38号楼5单元。");

        Assert.True(result.Problems.Count >= 2);
        Assert.Equal(new IntakeLocation(38, 5, null, "车棚"), result.Problems[0].Location);
    }

    [Fact]
    public void A_day_of_the_month_before_a_unit_is_no_building()
    {
        Assert.Equal(new IntakeLocation(null, 2, null, null), Analyzer.ExtractLocation("7月15号2单元停水了"));
    }

    [Theory]
    [InlineData("5号楼", 5)]
    [InlineData("3幢", 3)]
    [InlineData("21栋", 21)]
    [InlineData("十二号楼", 12)]
    [InlineData("二十三栋", 23)]
    [InlineData("四幢的水管漏水", 4)]
    [InlineData("8#楼道灯坏了", 8)]
    [InlineData("7号楼六楼楼道灯不亮", 7)]
    public void A_building_alone_is_read_as_a_building(string text, int building)
    {
        Assert.Equal(new IntakeLocation(building, null, null, null), Analyzer.ExtractLocation(text));
    }

    [Fact]
    public void A_unit_alone_is_read_as_a_unit()
    {
        Assert.Equal(new IntakeLocation(null, 2, null, null), Analyzer.ExtractLocation("2单元的单元门关不上"));
        Assert.Equal(new IntakeLocation(null, 1, null, null), Analyzer.ExtractLocation("一单元楼梯扶手松了"));
        Assert.Equal(new IntakeLocation(null, 2, "301", null), Analyzer.ExtractLocation("2单元301门口的灯不亮"));
    }

    [Fact]
    public void A_room_after_a_building_is_the_room()
    {
        Assert.Equal(new IntakeLocation(3, null, "501", null), Analyzer.ExtractLocation("3号楼501卫生间漏水"));
        Assert.Equal(new IntakeLocation(16, null, "1801", null), Analyzer.ExtractLocation("16号楼1801没热水"));
    }

    [Fact]
    public void A_room_alone_needs_a_cue_that_it_is_a_home()
    {
        Assert.Equal(new IntakeLocation(null, null, "1502", null), Analyzer.ExtractLocation("我住1502 楼道里堆了电池"));
        Assert.Equal(new IntakeLocation(null, null, "602", null), Analyzer.ExtractLocation("602室的门锁坏了"));
        Assert.Null(Analyzer.ExtractLocation("楼上602漏水到我家"));
    }

    [Theory]
    [InlineData("六楼楼道灯不亮")]
    [InlineData("6楼的窗户坏了")]
    [InlineData("烟都冒到五楼了")]
    [InlineData("三楼以上都没水")]
    public void A_floor_is_not_a_unit_or_a_building(string text)
    {
        Assert.Null(Analyzer.ExtractLocation(text));
    }

    [Fact]
    public void A_floor_number_before_a_unit_is_a_building()
    {
        Assert.Equal(new IntakeLocation(3, 3, null, null), Analyzer.ExtractLocation("3楼3单元电梯坏了"));
    }

    [Theory]
    [InlineData("电话13800001111")]
    [InlineData("让我交2000块保证金")]
    [InlineData("从下午3点到现在一直停电")]
    [InlineData("7月15号报的停水")]
    [InlineData("2024年的医保")]
    [InlineData("被困了3个人")]
    [InlineData("我家老人85岁了")]
    [InlineData("工单20260712-0042处理到哪了")]
    [InlineData("两栋楼中间的路灯不亮")]
    [InlineData("整栋楼都停电")]
    [InlineData("一栋楼的人都没水")]
    [InlineData("等了120分钟")]
    public void Numbers_that_are_not_locations_stay_out(string text)
    {
        Assert.Null(Analyzer.ExtractLocation(text));
    }

    [Theory]
    [InlineData("东门", "东门")]
    [InlineData("东门的路灯坏了", "东门")]
    [InlineData("北大门的门禁坏了", "北门")]
    [InlineData("地库的灯坏了", "地下车库")]
    [InlineData("地下车库入口结冰了", "地下车库")]
    [InlineData("小区门口有人发传单", "大门")]
    [InlineData("广场上有人用大喇叭唱歌", "广场")]
    [InlineData("车棚里乱拉电线", "车棚")]
    [InlineData("健身器材坏了一个", "健身器材")]
    [InlineData("小花园里有死猫", "小花园")]
    [InlineData("物业办公室没人", "物业办公室")]
    [InlineData("垃圾房臭死了", "垃圾站")]
    public void A_public_place_is_read_with_its_ticket_name(string text, string place)
    {
        Assert.Equal(new IntakeLocation(null, null, null, place), Analyzer.ExtractLocation(text));
    }

    [Theory]
    [InlineData("广场舞太吵了")]
    [InlineData("单元大门关不上")]
    [InlineData("有人把车停在我家车库门口")]
    public void Words_that_only_look_like_places_are_not_places(string text)
    {
        Assert.Null(Analyzer.ExtractLocation(text)?.Place);
    }

    [Fact]
    public void A_building_and_a_place_in_one_message_are_both_kept()
    {
        Assert.Equal(new IntakeLocation(3, null, null, "垃圾站"), Analyzer.ExtractLocation("3号楼旁边的垃圾站着火了"));
    }

    [Fact]
    public void A_correction_answer_gives_the_location_it_affirms()
    {
        Assert.Equal(new IntakeLocation(4, 2, null, null), Analyzer.ExtractLocation("不对，是4号楼2单元"));
        Assert.Equal(new IntakeLocation(5, null, null, null), Analyzer.ExtractLocation("不是3号楼 是5号楼"));
        Assert.Equal(new IntakeLocation(null, null, null, "东门"), Analyzer.ExtractLocation("不是西门，是东门"));
    }

    [Fact]
    public void The_residents_home_gives_way_to_the_building_where_the_problem_is()
    {
        Assert.Equal(new IntakeLocation(3, null, null, null), Analyzer.ExtractLocation("我住5号楼，3号楼门口的路灯坏了"));
        Assert.Equal(new IntakeLocation(3, null, null, null), Analyzer.ExtractLocation("卫生间水管爆了 我是3号楼的"));
    }

    [Theory]
    [InlineData("8号楼 楼下703天天半夜唱歌 吵死了", 8, null, "703")]
    [InlineData("一股烧焦味 二十一号楼三单元 对门是四零二", 21, 3, "402")]
    [InlineData("我住7-1-1203，楼上1303每天晚上跳绳", 7, 1, "1303")]
    [InlineData("隔壁的1206两口子又在砸东西 16号楼2单元", 16, 2, "1206")]
    public void A_neighbours_flat_named_beside_the_problem_is_its_place(string text, int building, int? unit, string room)
    {
        Assert.Equal(new IntakeLocation(building, unit, room, null), Analyzer.ExtractLocation(text));
    }

    [Fact]
    public void Water_from_a_neighbours_flat_is_a_problem_in_the_residents_home()
    {
        Assert.Equal(new IntakeLocation(7, 1, "1203", null), Analyzer.ExtractLocation("我住7-1-1203，楼上1303渗水到我家厨房"));
        Assert.Equal(new IntakeLocation(11, 4, "904", null), Analyzer.ExtractLocation("楼上1004的水管裂了 水往下流 我在904 11号楼4单元"));
    }

    [Theory]
    [InlineData("5号楼2单元 一股焦糊味 像是从1105飘出来的", 5, 2, "1105")]
    [InlineData("刚才听见八零三那家在砸东西 女的喊救命 12号楼1单元", 12, 1, "803")]
    [InlineData("9栋3单元 煤气味很冲 我敲了1404的门没人应", 9, 3, "1404")]
    [InlineData("楼顶水箱漏了 水已经淌进902了 6栋2单元", 6, 2, "902")]
    public void A_flat_the_problem_comes_from_or_reaches_is_its_place(string text, int building, int unit, string room)
    {
        Assert.Equal(new IntakeLocation(building, unit, room, null), Analyzer.ExtractLocation(text));
    }

    [Fact]
    public void A_room_with_the_flat_beside_it_gives_no_room()
    {
        Assert.Equal(new IntakeLocation(17, 3, null, null), Analyzer.ExtractLocation("鞋柜堆在楼道里 17号楼3单元1102对门那家"));
        Assert.Equal(new IntakeLocation(2, 1, null, null), Analyzer.ExtractLocation("好几天没见人了 二号楼一单元五零三旁边那家"));
    }

    [Fact]
    public void A_room_the_resident_points_away_from_or_a_spot_between_two_flats_gives_no_room()
    {
        Assert.Equal(new IntakeLocation(3, 2, null, null), Analyzer.ExtractLocation("楼道里一股烧焦的味 3号楼2单元 我是701 就在我对门"));
        Assert.Equal(new IntakeLocation(3, 2, null, null), Analyzer.ExtractLocation("我是3号楼2单元701的 隔壁天天半夜剁东西"));
        Assert.Equal(new IntakeLocation(6, 1, null, null), Analyzer.ExtractLocation("6号楼1单元301和401中间楼梯的扶手断了"));
        Assert.Equal(new IntakeLocation(6, 1, "301", null), Analyzer.ExtractLocation("6-1-301 隔壁小孩天天哭 这会儿还在哭"));
    }

    [Fact]
    public void A_room_after_is_is_read_but_not_a_code_a_number_or_a_room_the_resident_denies()
    {
        Assert.Equal("902", Analyzer.ExtractLocation("更正一下 是902 不是1002")?.Room);
        Assert.Equal("702", Analyzer.ExtractLocation("说错了 是七零二 七零三是对门")?.Room);
        Assert.Null(Analyzer.ExtractLocation("他让我把验证码是4417念给他"));
        Assert.Equal(new IntakeLocation(3, 2, "501", null), Analyzer.ExtractLocation("我是3栋2单元501的 楼上就是601"));
    }

    [Fact]
    public void A_neighbours_flat_the_problem_comes_from_stays_its_place_beside_the_residents_own()
    {
        Assert.Equal(new IntakeLocation(9, 2, "502", null), Analyzer.ExtractLocation("楼上502天天半夜蹦迪 我是402 9号楼2单元"));
    }

    [Fact]
    public void A_range_of_buildings_names_none_of_them()
    {
        Assert.Equal(new IntakeLocation(5, null, null, null), Analyzer.ExtractLocation("通知说2-9号楼停电到中午 我们5号楼到现在还没电"));
        Assert.Null(Analyzer.ExtractLocation("3至6号楼今天停水"));
    }

    [Fact]
    public void A_room_before_a_ceiling_is_a_room()
    {
        Assert.Equal(new IntakeLocation(null, null, "1203", null), Analyzer.ExtractLocation("顶楼 1203 天花板发霉了"));
    }

    [Theory]
    [InlineData("我住3-501 垃圾车天天五点来倒桶", 3, null, "501")]
    [InlineData("4#楼-2单元-501，入户门锁坏了", 4, 2, "501")]
    [InlineData("幢号：11幢 单元：3单元 房号：502 问题：厨房下水堵了", 11, 3, "502")]
    [InlineData("302，5号楼，家里电闸老跳", 5, null, "302")]
    [InlineData("1单元302（7号楼）。对门装修把墙打了个洞", 7, 1, "302")]
    [InlineData("我家住在叁号楼601", 3, null, "601")]
    [InlineData("两号楼一单元防盗门的门禁坏了", 2, 1, null)]
    public void A_place_written_as_on_a_form_or_in_an_unusual_order_is_read(string text, int building, int? unit, string? room)
    {
        Assert.Equal(new IntakeLocation(building, unit, room, null), Analyzer.ExtractLocation(text));
    }

    [Fact]
    public void The_flat_right_above_or_below_a_room_is_not_that_room_unless_water_comes_from_it()
    {
        Assert.Equal(new IntakeLocation(3, 2, null, null), Analyzer.ExtractLocation("3幢2-501楼上装修 早上六点半就开始砸墙"));
        Assert.Equal(new IntakeLocation(3, 2, "501", null), Analyzer.ExtractLocation("3幢2-501楼上漏水 顶上都泡了"));
    }

    [Fact]
    public void A_dash_before_money_or_a_phone_number_in_parts_is_no_building_and_room()
    {
        Assert.Null(Analyzer.ExtractLocation("电话138-1234-5678 押金3-500块钱"));
    }

    [Fact]
    public void Nothing_is_read_from_text_without_a_location()
    {
        Assert.Null(Analyzer.ExtractLocation("楼道灯坏了"));
        Assert.Null(Analyzer.ExtractLocation(""));
        Assert.Null(Analyzer.ExtractLocation("？？？"));
    }
}
