using NeighborBot.Intake;

namespace NeighborBot.Tests.Intake;

/// <summary>
/// How the rules' urgent words and the model's urgent probability join (<see cref="IntakeCombiner"/>): the model's
/// figure is set by hand here, so each rule is seen on its own, whatever the committed model would say.
/// </summary>
public sealed class RulesAndModelTests
{
    private static readonly IntakeAnalyzer Rules = new(IntakeRules.Default);
    private static readonly IntakeModelSettings Settings = IntakeModelSettings.Default with { UrgentOn = 0.4f, UrgentVeto = 0.1f, OtherOn = 0.6f };

    [Fact]
    public void The_model_vetoes_one_urgent_pattern_of_the_rules_but_not_several()
    {
        var one = Rules.Read("空调外机摇摇欲坠 下面都是人");
        var several = Rules.Read("外墙瓷砖刚掉下来一块 上面还有几块悬着");

        Assert.Equal(1, one.UrgentHits);
        Assert.True(several.UrgentHits >= 2);
        Assert.False(Combine(one, urgent: 0.05f).Urgent);
        Assert.True(Combine(several, urgent: 0.05f).Urgent);
        Assert.True(Combine(one, urgent: 0.2f).Urgent);
    }

    [Fact]
    public void The_model_alone_does_not_make_urgent_a_danger_the_words_only_fear()
    {
        var feared = Rules.Read("电灯我也不敢开了 怕有火花");
        var plain = Rules.Read("电灯开关那一直响 好像有火花");

        Assert.True(feared.FearedHits > 0);
        Assert.False(Combine(feared, urgent: 0.9f).Urgent);
        Assert.True(Combine(plain, urgent: 0.9f).Urgent);
    }

    [Fact]
    public void The_model_alone_does_not_make_urgent_what_it_reads_as_no_ticket()
    {
        var place = Rules.Read("就在6号楼2单元302 我刚搬来");

        Assert.False(Combine(place, urgent: 0.8f, other: 0.52f).Urgent);
        Assert.True(Combine(place, urgent: 0.8f, other: 0.3f).Urgent);
    }

    [Fact]
    public void A_stopped_lift_with_nobody_inside_is_not_urgent_on_the_model_s_word()
    {
        Assert.False(Combine(Rules.Read("电梯停在三楼不动了 里面没人"), urgent: 0.9f).Urgent);
        Assert.True(Combine(Rules.Read("电梯停在三楼不动了"), urgent: 0.9f).Urgent);
    }

    [Theory]
    [InlineData("有人在没")]
    [InlineData("在不在")]
    public void A_greeting_alone_is_no_ticket_whatever_the_model_thinks(string text) =>
        Assert.False(Combine(Rules.Read(text), urgent: 0f, best: 6, other: 0.1f).IsTicket);

    [Fact]
    public void Neighbours_told_that_all_is_well_is_no_ticket_whatever_the_model_thinks()
    {
        Assert.False(Combine(Rules.Read("刚才东门外冒烟是有人烧荒草 已经灭了 没事了 大家别担心"), urgent: 0.1f, best: 1, other: 0.1f).IsTicket);
        Assert.True(Combine(Rules.Read("刚才东门外冒烟是有人烧荒草 灰落了一地 谁来扫扫"), urgent: 0.1f, best: 5, other: 0.1f).IsTicket);
        Assert.False(Combine(Rules.Read("楼下那股煤气味是燃气公司在换阀门 已经弄好了 大家放心"), urgent: 0.9f, best: 1, other: 0.1f).IsTicket);
        Assert.False(Combine(Rules.Read("群里那个着火的视频是外地的 不是咱们小区 别再转了"), urgent: 0.05f, best: 1, other: 0.1f).IsTicket);
    }

    [Fact]
    public void Safety_advice_passed_on_reports_nothing_unless_the_resident_adds_words_of_their_own()
    {
        const string notice = "转发：【区消防大队提醒】冬季火灾高发 请勿在楼道给电动车充电 发现火情请拨打119";
        var passedOn = Combine(Rules.Read(notice), urgent: 0.2f, best: 1, other: 0.02f);
        Assert.False(passedOn.IsTicket);
        Assert.False(passedOn.Urgent);
        Assert.True(Combine(Rules.Read(notice + "\n咱3号楼二单元楼道里现在就有人在充电"), urgent: 0.2f, best: 1, other: 0.1f).IsTicket);
    }

    [Fact]
    public void A_second_problem_is_read_without_the_word_that_joined_it()
    {
        var result = new IntakeAnalyzer(IntakeRules.Default, IntakeModelFile.BuiltIn.Value).Analyze("楼道灯坏了 还有门口垃圾好几天没人收");

        Assert.Equal([IntakeCategories.Repair, IntakeCategories.Property], result.Problems.Select(p => p.Category));
    }

    [Fact]
    public void A_scam_call_the_person_hung_up_on_is_not_urgent_whatever_the_model_thinks()
    {
        var story = Rules.Read("夜儿个来了个电话 说是医保局的 叫俺把钱转到安全账户 俺一听就害怕 俺就挂了 这是不是骗人的");
        var happening = Rules.Read("来了个电话 说是医保局的 叫俺把钱转到安全账户 俺正要去银行");

        Assert.False(Combine(story, urgent: 0.9f, best: 6).Urgent);
        Assert.True(Combine(happening, urgent: 0.9f, best: 6).Urgent);
    }

    [Fact]
    public void A_lift_stuck_between_floors_with_its_door_shut_is_someone_trapped()
    {
        var stuck = Rules.Read("救命啊 俺们这电梯走到半道停了 不上不下 门也扒不开");

        Assert.True(stuck.UrgentHits > 0);
        Assert.True(Combine(stuck, urgent: 0.2f, best: 0).Urgent);
    }

    [Fact]
    public void Cigarette_ends_everywhere_are_litter_not_smoke()
    {
        var litter = Rules.Read("孩子们玩的那片地上全是烟头饮料瓶 招得苍蝇乱飞");

        Assert.Equal(0, litter.UrgentHits);
        Assert.Equal(IntakeCategories.Environment, Assert.Single(litter.Result.Problems).Category);
    }

    [Theory]
    [InlineData("楼上402卫生间一直往她家渗水", "楼上402卫生间一直往她家淌水")]
    [InlineData("5号楼电梯又停了 我奶奶在11楼下不来", "5号楼电梯又停了 我奶奶在里面")]
    [InlineData("热水器打不着火 燃气是有的 不知道是不是冻住了", "热水器那一股燃气味 越来越大")]
    [InlineData("8号楼3单元302 马桶堵了 还往上反水", "卫生间水管爆了 水往外喷 已经流到卧室了")]
    [InlineData("天然气报警器响了一下又不响了 开窗通了风 也没闻着味儿", "天然气报警器一直在响 一股味儿")]
    [InlineData("刚才说的6号楼电梯困人 人已经出来了 谢谢保安师傅", "6号楼电梯困人了 人还在里面")]
    [InlineData("刚才楼下有人为停车吵架 好像要打起来 现在已经散了", "楼下两个人为停车打起来了 拿着棍子")]
    [InlineData("阳台的纸箱子让孩子点着了 我端盆水浇灭了", "阳台的纸箱子让孩子点着了 火越来越大")]
    [InlineData("着火了着火了 我家小子打游戏输了 气得冒火 哈哈", "着火了着火了 三楼那家窗户往外冒火")]
    [InlineData("暖气一直不热 屋里冷得很 老伴都冻感冒了", "暖气管子爆了 水往外喷 屋里全是水")]
    [InlineData("刚接个电话说是我孙子 打伤了人要钱私了 我咋觉得声音不太像", "刚接个电话说是我孙子 打伤了人要钱私了 我奶奶正在转账")]
    [InlineData("楼道里一股死老鼠的味 熏得头疼", "楼道里一股煤气味 熏得头疼")]
    [InlineData("家里一开电暖器就跳闸 合上又跳 屋里没电了", "家里插座冒火花 电线烧焦了")]
    [InlineData("南门口有个老大爷说不清家在哪 现在保安陪着呢 谁家的来接一下", "我爸有点老年痴呆 早上出门到现在没回来 找不着了")]
    public void Seeping_water_someone_stuck_upstairs_a_fault_or_a_danger_told_as_over_is_not_urgent_on_the_model_s_word(string calm, string emergency)
    {
        Assert.False(Combine(Rules.Read(calm), urgent: 0.9f, best: 0).Urgent);
        Assert.True(Combine(Rules.Read(emergency), urgent: 0.9f, best: 0).Urgent);
    }

    [Fact]
    public void A_leak_the_neighbour_upstairs_ignores_is_a_dispute_and_a_plain_leak_a_repair()
    {
        Assert.Equal(IntakeCategories.Dispute, Combine(Rules.Read("楼上卫生间漏水 渗到我家 敲了三次门人家不开也不管"), urgent: 0f, best: 0).Category);
        Assert.Equal(IntakeCategories.Repair, Combine(Rules.Read("楼上卫生间漏水 渗到我家天花板上了"), urgent: 0f, best: 0).Category);
        Assert.Equal(IntakeCategories.Repair, Combine(Rules.Read("楼上漏水 渗到我家 物业不管"), urgent: 0f, best: 0).Category);
    }

    [Theory]
    [InlineData("垃圾桶三天了没人来拉 都冒尖了", 5, IntakeCategories.Property)]
    [InlineData("这段路积了好深的水 娃们上学都得绕着走", 0, IntakeCategories.Hazard)]
    [InlineData("小区路上积了好多水 臭水", 5, IntakeCategories.Environment)]
    [InlineData("卫生间下水慢 一洗澡就积水", 0, IntakeCategories.Repair)]
    [InlineData("羽毛球场那块地面塌陷了", 0, IntakeCategories.Hazard)]
    [InlineData("4号楼门口的路面塌了个坑", 0, IntakeCategories.Repair)]
    [InlineData("8号楼2单元门口台阶上结了一层冰 刚才有个小孩滑了一跤", 7, IntakeCategories.Hazard)]
    [InlineData("暖气报了三回了 一直不热", 0, IntakeCategories.Property)]
    [InlineData("小广场东边那条排水沟让落叶和泥堵死了", 5, IntakeCategories.Repair)]
    [InlineData("楼上1202卫生间漏水 我家天花板都泡了 找他好几回他不管", 2, IntakeCategories.Dispute)]
    [InlineData("8号楼2单元门口谁家把旧沙发旧柜子全搬出来堆着 消防通道堵得死死的", 5, IntakeCategories.Hazard)]
    [InlineData("一楼进门那堆了一大堆装修垃圾 水泥袋子瓷砖渣子 一个礼拜了没人清", 4, IntakeCategories.Environment)]
    [InlineData("电动车乱停在消防栓跟前 挡得严严实实的", 5, IntakeCategories.Hazard)]
    [InlineData("南门这儿一大片都是冰 早上好几个老人滑倒了", 5, IntakeCategories.Hazard)]
    [InlineData("楼檐上那一排冰溜子老长了 看着挺悬", 5, IntakeCategories.Hazard)]
    [InlineData("我们住6号楼1单元 能不能找个人给评评理", 7, IntakeCategories.Dispute)]
    [InlineData("西门垃圾站一个礼拜没清运了 臭气熏天", 5, IntakeCategories.Property)]
    [InlineData("楼后头的绿化带让人开了荒种上菜了", 5, IntakeCategories.Dispute)]
    [InlineData("俺老伴的工伤待遇今年涨不涨 该找谁问", 6, IntakeCategories.Consult)]
    [InlineData("对门谁家的狗 一有人上楼就扑 吓得孩子直哭", 5, IntakeCategories.Dispute)]
    [InlineData("西门那个保安天天喝酒 喝多了就骂人", 2, IntakeCategories.Property)]
    [InlineData("楼下的装修垃圾半个月了没人拉", 4, IntakeCategories.Environment)]
    [InlineData("楼梯口堆了一堆水泥袋子 安全出口都堵死了", 5, IntakeCategories.Hazard)]
    public void The_guide_s_explicit_lines_decide_the_category_without_asking(string text, int modelBest, string category)
    {
        var probabilities = new float[IntakeModel.Labels.Count];
        probabilities[modelBest] = 0.5f;
        probabilities[modelBest == 0 ? 1 : 0] = 0.45f;
        probabilities[^1] = 0.05f;

        var result = IntakeCombiner.Combine(Rules.Read(text), probabilities, 0f, Settings);

        Assert.Equal((category, null), (result.Category, result.Choices));
    }

    [Theory]
    [InlineData("下水道堵了 污水漫得到处都是", IntakeCategories.Environment)]
    [InlineData("垃圾没人清 堆成山了", IntakeCategories.Environment)]
    [InlineData("楼上漏水 渗到我家 物业不管", IntakeCategories.Repair)]
    [InlineData("卫生间地漏堵了 一洗澡就积水", IntakeCategories.Repair)]
    [InlineData("8号楼门前那个乒乓球台 台面裂了 中间塌下去一块", IntakeCategories.Repair)]
    [InlineData("装修垃圾堆在楼下一个月了 找物业也不管", IntakeCategories.Property)]
    [InlineData("有人打电话说我的养老金要停发 让我加他微信 是不是骗子", IntakeCategories.Fraud)]
    public void Where_the_guide_draws_no_line_the_model_s_category_stands(string text, string category) =>
        Assert.Null(IntakeCombiner.GuideLineFor(category, text) is { } line && line != category ? line : null);

    [Fact]
    public void A_fault_at_home_close_between_a_repair_and_a_hazard_is_a_repair_without_asking()
    {
        var probabilities = new float[IntakeModel.Labels.Count];
        (probabilities[0], probabilities[1], probabilities[^1]) = (0.40f, 0.45f, 0.15f);

        var atHome = IntakeCombiner.Combine(Rules.Read("家里跳闸了 推上去又跳"), probabilities, 0f, Settings);
        var outside = IntakeCombiner.Combine(Rules.Read("主干道那边一推车就跳闸"), probabilities, 0f, Settings);

        Assert.Equal((IntakeCategories.Repair, null), (atHome.Category, atHome.Choices));
        Assert.Equal([IntakeCategories.Hazard, IntakeCategories.Repair], outside.Choices);
    }

    [Fact]
    public void Calling_a_report_off_is_no_report_whatever_the_model_thinks()
    {
        var result = Combine(Rules.Read("窗户那个不用修了 楼上小伙子给弄好了"), urgent: 0f, best: 2, other: 0.3f);

        Assert.Equal((IntakeIntent.Cancel, false), (result.Intent, result.IsTicket));
    }

    [Fact]
    public void A_fight_the_rules_name_is_a_dispute_whatever_the_model_reads_unless_it_reads_someone_calling_for_help()
    {
        Assert.Equal(IntakeCategories.Dispute, Combine(Rules.Read("打人了！六号楼底下"), urgent: 0.9f, best: 1).Category);
        Assert.Equal(IntakeCategories.Wish, Combine(Rules.Read("9号楼4楼有个老人在窗户边喊救命 门锁着"), urgent: 0.9f, best: 7).Category);
    }

    [Fact]
    public void Fire_or_gas_is_a_hazard_whoever_the_model_thinks_of_unless_it_is_a_second_problem()
    {
        // Model indices: 1 hazard, 2 dispute, 7 wish.
        Assert.Equal(IntakeCategories.Hazard, Combine(Rules.Read("我妈刚打电话说家里一股臭鸡蛋味 她不会关阀门"), urgent: 0.9f, best: 7).Category);
        Assert.Equal(IntakeCategories.Hazard, Combine(Rules.Read("俺爸炖的肉忘关火了 锅都烧干冒烟了 家里没人"), urgent: 0.9f, best: 7).Category);

        var two = Combine(Rules.Read("想请志愿者帮刘奶奶买点菜 另外1号楼楼道里一股煤气味"), urgent: 0.9f, best: 7);
        Assert.Equal(2, two.Problems.Count);
        Assert.Equal(IntakeCategories.Wish, two.Category);
    }

    [Fact]
    public void A_pasted_message_with_a_link_asked_about_is_a_scam_to_check_however_much_it_reads_like_an_advert()
    {
        const string pasted = "您的包裹因地址不详无法派送，请点击 http://t.cn/A6xK2p 重新填写。 这个能点吗？";
        Assert.Equal(IntakeCategories.Fraud, Combine(Rules.Read(pasted), urgent: 0f, best: 6, other: 0.7f).Category);
        Assert.False(Combine(Rules.Read("您的包裹因地址不详无法派送，请点击 http://t.cn/A6xK2p 重新填写。"), urgent: 0f, best: 6, other: 0.7f).IsTicket);
        Assert.False(Combine(Rules.Read("【转发】反诈中心提醒：凡是让你下载会议软件共享屏幕的都是诈骗！"), urgent: 0f, best: 6, other: 0.7f).IsTicket);
    }

    [Theory]
    [InlineData("厨房油锅着了 盖锅盖也灭不掉 咋办咋办")]
    [InlineData("俺搁电梯里出不去了 按铃也没人理 门不开 咋弄")]
    [InlineData("我是4号楼的 家里没有大人 厨房有烟 我好害怕")]
    public void A_plea_for_help_now_keeps_an_urgent_phrase_of_the_rules_the_model_doubts(string text)
    {
        Assert.True(Combine(Rules.Read(text), urgent: 0.01f).Urgent);
    }

    [Theory]
    [InlineData("万一着火了咋办咋办 楼道里全是纸箱子")]
    [InlineData("昨天电梯里关了个小孩 吓死了 咋弄的这是")]
    public void A_plea_about_what_is_supposed_or_past_leaves_the_model_its_word(string text)
    {
        Assert.False(Combine(Rules.Read(text), urgent: 0.01f).Urgent);
    }

    [Theory]
    [InlineData("今天早上在电梯里被关了五分钟 后来门自己开了 吓我一跳 13号楼2单元")]
    [InlineData("救护车来了 摔倒那个老太太已经拉走了 家属也到了 不用再打电话了")]
    [InlineData("水已经停了 阀门关上了 但墙里头那根管子肯定得换 谁来修 7-2-1101")]
    [InlineData("6号楼2单元 电梯门关不上 停在一楼不走了 一直滴滴叫")]
    public void A_danger_over_or_a_lift_that_cannot_move_with_nobody_in_it_is_not_urgent_on_the_model_s_word(string text)
    {
        Assert.False(Combine(Rules.Read(text), urgent: 0.9f, best: 0).Urgent);
    }

    /// <summary>The combiner with the model's figures given: the likeliest category <paramref name="best"/> (hazard by default), other at <paramref name="other"/>.</summary>
    private static IntakeResult Combine(RuleReading reading, float urgent, int best = 1, float other = 0.02f)
    {
        var probabilities = new float[IntakeModel.Labels.Count];
        probabilities[^1] = other;
        probabilities[best] = 1 - other;
        return IntakeCombiner.Combine(reading, probabilities, urgent, Settings);
    }
}
