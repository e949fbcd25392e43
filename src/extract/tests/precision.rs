//! Precision rules: names that look like parks, industries or technologies and are not
//! (facilities, titles, services, fragments, words in another sense), each on a short text.

use super::*;

#[test]
fn common_words_before_a_park_word_name_no_park() {
    let extraction = run("某区规划\n\n\
        支持企业入园，建设生产基地和数据要素集聚区，深化张园功能，推动浦东力量壮大。\
        复华园区和留仙洞总部基地重点发展人工智能。");
    let parks = labels(&extraction, EntityKind::Park);
    assert!(parks.contains(&"复华园区"), "{parks:?}");
    assert!(parks.contains(&"留仙洞总部基地"), "{parks:?}");
    for junk in [
        "企业入园",
        "生产基地",
        "数据要素集聚区",
        "深化张园",
        "力量",
        "浦东力量",
    ] {
        assert!(!parks.contains(&junk), "{junk} in {parks:?}");
    }
}

#[test]
fn a_district_name_unique_in_china_needs_no_city() {
    // No city in the title or text: 海淀区 is only Beijing's; 朝阳区 is several cities'.
    let extraction = run("规划\n\n海淀区重点发展集成电路产业。朝阳区重点发展人工智能产业。");
    let found = pairs(&extraction, RelationKind::HostsIndustry);
    assert!(
        found.contains(&("海淀区".into(), "集成电路".into())),
        "{found:?}"
    );
    assert!(!found.iter().any(|(d, _)| d == "朝阳区"), "{found:?}");
}

#[test]
fn each_park_suffix_class_asks_for_its_own_evidence() {
    let extraction = run("上海市规划\n\n\
        推动松江高新区重点发展生物医药产业，金山经开区集聚发展新材料产业。\
        建设公园城市示范区和共同富裕示范区，打造上海北部增长极。\
        白龙港三期污水处理设施投入使用，嘉定氢能港集聚发展氢能产业。");
    let parks = labels(&extraction, EntityKind::Park);
    // A district's short form before a kind of park names the district's park.
    assert!(parks.contains(&"松江高新区"), "{parks:?}");
    assert!(parks.contains(&"金山经开区"), "{parks:?}");
    // A harbour's ending with an industry in front is a park.
    assert!(parks.contains(&"嘉定氢能港"), "{parks:?}");
    // Programmes, positionings and waterways are not.
    for junk in [
        "公园城市示范区",
        "共同富裕示范区",
        "上海北部增长极",
        "白龙港",
    ] {
        assert!(!parks.contains(&junk), "{junk} in {parks:?}");
    }
}

#[test]
fn a_measure_that_names_no_industry_is_an_indicator() {
    let extraction = run(
        "---\ntitle: 2026年某市政府工作报告\ndate: 2026-02-02\n---\n\
        今年经济社会发展的主要预期目标是：地区生产总值增长5%左右，城镇调查失业率控制在5%左右，\
        居民消费价格涨幅2%左右。",
    );
    let kind_of = |label: &str| {
        extraction
            .entities
            .iter()
            .find(|e| e.label == label)
            .map(|e| e.kind)
    };
    assert_eq!(kind_of("地区生产总值"), Some(EntityKind::Indicator));
    assert!(
        extraction
            .entities
            .iter()
            .all(|e| e.kind != EntityKind::Sector || e.label != "地区生产总值"),
        "an indicator is no sector"
    );
    assert!(
        extraction
            .quantities
            .iter()
            .any(|q| q.is_target && extraction.entities[q.subject].label == "地区生产总值"),
        "its target is kept"
    );
}

#[test]
fn county_short_forms_name_parks_in_any_city() {
    let extraction = run(
        "---\n标题: 苏州市关于推动生物医药产业高质量发展的实施意见\n---\n\
        推动昆山开发区重点发展高端医疗器械产业，吴中经开区集聚发展创新药产业。",
    );
    let located = pairs(&extraction, RelationKind::LocatedIn);
    assert_pair(&located, "昆山开发区", "昆山市");
    assert_pair(&located, "吴中经开区", "吴中区");
    let focus = pairs(&extraction, RelationKind::FocusesOn);
    assert_pair(&focus, "昆山开发区", "高端医疗器械");
}

#[test]
fn names_used_in_another_sense_are_no_mentions() {
    // A cited title, a public service, an institution, a department list, a means list.
    let extraction = run(concat!(
        "宝山区规划\n\n",
        "落实《无人驾驶航空器飞行管理条例》，推进现代公共法律服务体系建设。\n\n",
        "加强上海电子信息职院对接服务。\n\n",
        "推进规划资源、统计、大数据等部门数据动态汇集。\n\n",
        "支持支付宝、区块链等多种结算方式。\n\n",
        "引进上海云联物联网科技有限公司，建设节能环保型仓储设施。\n\n",
        "结合“演艺大世界”各项活动，传播海派文化。\n\n",
        "加强与空中交通管理机构、民航、地方政府之间的协同配合。\n\n",
        "大力发展集成电路、法律服务等产业。"
    ));
    let mentioned = |label: &str| !mention_sentences(&extraction, label).is_empty();
    // 数字人民币 is a currency, not 数字人 (a digital human).
    let currency = run("宝山区规划\n\n推广数字人民币应用。");
    assert!(labels(&currency, EntityKind::Technology).is_empty());
    for label in [
        "无人机",
        "电子信息",
        "大数据",
        "区块链",
        "物联网",
        "节能环保",
        "演艺",
        "民用航空",
    ] {
        assert!(!mentioned(label), "{label} is not mentioned as itself");
    }
    // The same names used as themselves still count.
    assert!(mentioned("集成电路"));
    assert!(mentioned("法律服务"));
    assert_eq!(
        mention_sentences(&extraction, "法律服务"),
        ["大力发展集成电路、法律服务等产业。"]
    );
}

#[test]
fn public_services_count_as_industries_only_where_named_as_industries() {
    let extraction = run(concat!(
        "宝山区规划\n\n",
        "完善兜底性养老服务，新增养老床位500张。\n\n",
        "加强网络安全防护。\n\n",
        "大力发展养老服务业。\n\n",
        "培育网络安全、集成电路等产业。\n\n",
        "重点发展海洋生物、现代物流等产业。\n\n",
        "推进（责任单位：区文化旅游局）。"
    ));
    assert_eq!(
        mention_sentences(&extraction, "养老服务"),
        ["大力发展养老服务业。"]
    );
    assert_eq!(
        mention_sentences(&extraction, "网络安全"),
        ["培育网络安全、集成电路等产业。"]
    );
    // Inside another item of the list, the word is no item of its own.
    assert!(mention_sentences(&extraction, "生物").is_empty());
    // An office in a note of who is responsible names no industry.
    assert!(mention_sentences(&extraction, "文化旅游").is_empty());
}

#[test]
fn trade_along_listed_streets_and_services_carried_out_are_no_industries() {
    let extraction = run(concat!(
        "黄浦区规划\n\n",
        "振兴黄河路、进贤路等支马路商业。\n\n",
        "黄浦区开展网络招聘、校企人才合作服务。"
    ));
    let sectors = labels(&extraction, EntityKind::Sector);
    assert!(!sectors.contains(&"支马路商业"), "{sectors:?}");
    assert!(!sectors.contains(&"校企人才合作服务"), "{sectors:?}");
}

#[test]
fn a_park_name_that_runs_into_a_school_is_no_park() {
    let extraction = run(concat!(
        "嘉定区规划\n\n",
        "新建嘉定新城复华园区小学、“数通链谷”数字公共服务中心。\n\n",
        "推进嘉定新城复华园区建设。"
    ));
    let parks = labels(&extraction, EntityKind::Park);
    assert!(!parks.contains(&"数通链谷"), "{parks:?}");
    assert_eq!(
        mention_sentences(&extraction, "嘉定新城复华园区"),
        ["推进嘉定新城复华园区建设。"]
    );
}

#[test]
fn items_of_a_list_of_platforms_need_a_technology_head() {
    let extraction = run(concat!(
        "静安区行动方案\n\n# （一）AI+数据服务\n\n",
        "支持数据服务企业研发行业数据标注、多源数据融合等垂直大模型平台。\n\n",
        "# （二）具身智能\n\n",
        "支持企业研发应用工业巡检机器人、特种作业机器人等垂直大模型平台。"
    ));
    let technologies = labels(&extraction, EntityKind::Technology);
    assert!(!technologies.contains(&"行业数据标注"), "{technologies:?}");
    assert!(!technologies.contains(&"多源数据融合"), "{technologies:?}");
    assert!(technologies.contains(&"工业巡检机器人"), "{technologies:?}");
}

#[test]
fn goals_built_and_items_of_lists_of_other_places_are_no_parks() {
    let extraction = run(concat!(
        "普陀区规划\n\n",
        "罗泾港和邮轮港分别致力于打造国际贸易枢纽港与国际航运服务港。\n\n",
        "开展普陀岚灵新村坊、浦东新场等更新单元规划编制。"
    ));
    let parks = labels(&extraction, EntityKind::Park);
    assert!(!parks.contains(&"国际航运服务港"), "{parks:?}");
    let facilities = run("合肥市规划\n\n建成合肥先进光源园区，推进马池口国重基地建设。");
    let parks = labels(&facilities, EntityKind::Park);
    assert!(
        parks.is_empty(),
        "research facilities' sites are no parks: {parks:?}"
    );
    let programme = run("宝山区规划\n\n深化建设“陶行知教育创新发展区”。");
    let parks = labels(&programme, EntityKind::Park);
    assert!(
        parks.is_empty(),
        "a quoted designation needs a place: {parks:?}"
    );
    let section = run("杨浦区规划\n\n网络视听产业基地增设杨浦片区。");
    let parks = labels(&section, EntityKind::Park);
    assert!(!parks.contains(&"杨浦片区"), "{parks:?}");
    let mentioned: Vec<&str> = extraction
        .entities
        .iter()
        .filter(|e| e.kind == EntityKind::Park && !e.mentions.is_empty())
        .map(|e| e.label.as_str())
        .collect();
    assert!(
        !mentioned.iter().any(|label| label.contains("岚灵新村坊")),
        "{mentioned:?}"
    );
}

#[test]
fn a_glossary_term_that_ends_like_a_garden_is_no_park() {
    let extraction = run(concat!(
        "宝山区规划\n\n# 名词解释\n\n",
        "20、生境花园。面向社区的小微绿色开放空间。\n\n",
        "21、吴淞口国际邮轮港。邮轮码头。"
    ));
    let parks = labels(&extraction, EntityKind::Park);
    assert!(!parks.contains(&"生境花园"), "{parks:?}");
    assert!(!parks.contains(&"吴淞口国际邮轮港"), "{parks:?}");
}

#[test]
fn names_of_works_titles_services_and_products_are_not_what_they_contain() {
    let extraction = run(concat!(
        "宝山区规划\n\n",
        "优化石墨烯功能型平台体制机制，推进攀西特高压交流工程。\n\n",
        "加快衢州先导智能传感器、湖州微腔电子纸显示器件等项目建设进度。\n\n",
        "深化工程建设项目审批改革。\n\n",
        "宝山区创建上海钢铁领域平台经济示范区。\n\n",
        "支持家庭教育辅导与居民终身学习服务发展。\n\n",
        "培育壮大优质大米、精品蔬菜、休闲农业等乡村产业。\n\n",
        "大力发展石墨烯、智能传感器、化工等产业。"
    ));
    // A listed technology is a technology and an industry: each sentence once.
    let sentences = |label: &str| {
        let mut sentences = mention_sentences(&extraction, label);
        sentences.dedup();
        sentences
    };
    // A technology inside a platform's, work's or project list's name.
    assert_eq!(
        sentences("石墨烯"),
        ["大力发展石墨烯、智能传感器、化工等产业。"]
    );
    assert_eq!(
        sentences("智能传感器"),
        ["大力发展石墨烯、智能传感器、化工等产业。"]
    );
    assert!(sentences("特高压").is_empty());
    // 化工 matched across 深化|工程 is no mention.
    assert_eq!(
        sentences("化工"),
        ["大力发展石墨烯、智能传感器、化工等产业。"]
    );
    // A title striven for is no place.
    let parks = labels(&extraction, EntityKind::Park);
    assert!(!parks.iter().any(|p| p.ends_with("示范区")), "{parks:?}");
    // A service for residents and graded farm products are no industries.
    let sectors = labels(&extraction, EntityKind::Sector);
    for label in ["居民终身学习服务", "优质大米", "精品蔬菜"] {
        assert!(!sectors.contains(&label), "{label} in {sectors:?}");
    }
    assert!(sectors.contains(&"休闲农业"), "{sectors:?}");
}

#[test]
fn list_items_that_share_a_facility_head_or_name_a_public_space_are_no_parks() {
    let extraction = run(concat!(
        "北京市政府工作报告\n\n",
        "加速未来科学城昌平南口、马池口国重基地建设。\n\n",
        "杨浦滨江中北段、徐汇滨江南延伸段等滨水公共空间贯通开放。\n\n",
        "建好用好国家中医药综合改革示范区。\n\n",
        "支持昌平紫竹、张江科学城等园区发展集成电路产业。"
    ));
    for label in ["南口", "徐汇滨江", "国家中医药综合改革示范区"] {
        let sentences = mention_sentences(&extraction, label);
        assert!(sentences.is_empty(), "{label} in {sentences:?}");
    }
    // An item of a list of parks is still one.
    assert!(!mention_sentences(&extraction, "张江科学城").is_empty());
}

#[test]
fn national_titles_and_names_joined_by_a_hyphen() {
    let extraction = run(concat!(
        "江苏省政府工作报告\n\n",
        "深化南京、昆山国家级金融改革试验区建设。\n\n",
        "成都西部片区国家城乡融合发展试验区经验做法获全国推广。\n\n",
        "天津滨海-中关村科技园新增注册企业689家。\n\n",
        "推进嘉定光子芯片研发能力提升项目。"
    ));
    for label in ["昆山国家级金融改革试验区", "成都西部片区", "中关村科技园"]
    {
        let sentences = mention_sentences(&extraction, label);
        assert!(sentences.is_empty(), "{label} in {sentences:?}");
    }
    assert!(!mention_sentences(&extraction, "天津滨海-中关村科技园").is_empty());
    // An industry inside a project's name is the project's.
    let sectors = labels(&extraction, EntityKind::Sector);
    assert!(
        mention_sentences(&extraction, "光子芯片与器件").is_empty(),
        "{sectors:?}"
    );
}

#[test]
fn fields_where_an_object_is_applied_are_no_industries() {
    let extraction = run(concat!(
        "静安区规划\n\n",
        "支持超高清视听在安防监控、工业制造、智能交通等领域的应用。"
    ));
    let sectors = labels(&extraction, EntityKind::Sector);
    assert!(!sectors.contains(&"工业制造"), "{sectors:?}");
}

#[test]
fn a_company_name_wrapped_onto_the_next_table_line_is_still_a_company_name() {
    let extraction = run(concat!(
        "嘉定区重大项目\n\n",
        "上海菊园物联网科技服务\n\n有限公司\n\n",
        "大力发展物联网产业。"
    ));
    assert_eq!(
        mention_sentences(&extraction, "物联网"),
        ["大力发展物联网产业。"]
    );
}

#[test]
fn work_of_actors_programme_titles_and_ecological_zones_are_no_industries_or_parks() {
    let extraction = run(concat!(
        "# 上海市宝山区国民经济和社会发展第十五个五年规划纲要\n\n",
        "推动国家体育消费和赛事经济试点城市建设。\n\n",
        "支持高校、科研院所开展AI驱动的材料分子设计等创新应用。\n\n",
        "川西北生态示范区提高生态保护水平。\n\n",
        "重点发展航空物流和航空金融。"
    ));
    let sectors = labels(&extraction, EntityKind::Sector);
    for label in ["体育消费", "材料分子设计"] {
        assert!(!sectors.contains(&label), "{label} in {sectors:?}");
    }
    assert!(mention_sentences(&extraction, "川西北生态示范区").is_empty());
    // A place's focus objects are still its compound industries.
    assert!(sectors.contains(&"航空物流"), "{sectors:?}");
}

#[test]
fn technologies_listed_as_fields_stay_technologies_and_as_industries_are_both() {
    let extraction = run(concat!(
        "静安区规划\n\n",
        "静安区聚焦通用大模型、工业软件、数据安全等领域，开展关键核心技术攻关。\n\n",
        "静安区聚焦元宇宙、脑机接口、低空经济等未来产业和新兴领域，加强政策集成。"
    ));
    let sectors = labels(&extraction, EntityKind::Sector);
    assert!(!sectors.contains(&"大模型"), "{sectors:?}");
    assert!(labels(&extraction, EntityKind::Technology).contains(&"大模型"));
    assert!(sectors.contains(&"脑机接口"), "{sectors:?}");
}

#[test]
fn names_inside_a_laboratorys_or_a_production_lines_name_are_theirs() {
    let extraction = run(concat!(
        "福建省政府工作报告\n\n",
        "建设核电关键材料全国重点实验室。\n\n",
        "建设智能化碳纤维复合材料柔性产线。\n\n",
        "大力发展核电、碳纤维复合材料等产业。"
    ));
    for label in ["核电", "碳纤维复合材料"] {
        let mut sentences = mention_sentences(&extraction, label);
        sentences.dedup();
        assert_eq!(
            sentences,
            ["大力发展核电、碳纤维复合材料等产业。"],
            "{label}"
        );
    }
}

#[test]
fn events_are_no_industry_and_their_economy_is() {
    let extraction = run(concat!(
        "安徽省政府工作报告\n\n",
        "支持发展休闲度假、体育赛事、赛事经济等产业。"
    ));
    let sectors = labels(&extraction, EntityKind::Sector);
    assert!(!sectors.contains(&"体育赛事"), "{sectors:?}");
    assert!(sectors.contains(&"赛事经济"), "{sectors:?}");
}

#[test]
fn a_pilot_or_a_test_of_a_sector_is_no_industry_of_the_place() {
    let extraction = run(concat!(
        "上海市低空飞行服务管理能力建设实施方案\n\n",
        "临港新片区加快低空飞行配套设施建设，开展低空融合飞行试点。\n\n",
        "青浦区重点推进载人飞行试验、跨区域低空物流运输等示范场景。"
    ));
    let sectors = labels(&extraction, EntityKind::Sector);
    assert!(!sectors.contains(&"低空融合飞行"), "{sectors:?}");
    let hosts = pairs(&extraction, RelationKind::HostsIndustry);
    assert!(
        !hosts.iter().any(|(_, industry)| industry == "载人飞行"),
        "{hosts:?}"
    );
    assert_pair(&hosts, "青浦区", "低空物流");
}

#[test]
fn a_plants_phase_or_unit_and_a_shared_laboratory_name_are_no_industry() {
    let extraction = run(concat!(
        "福建省政府工作报告\n\n",
        "漳州核电一期投入商业运行。\n\n",
        "宁德核电6号机组开工建设。\n\n",
        "推进核电关键材料、先进耐火材料和先进特殊钢全国重点实验室加快建设。\n\n",
        "积极安全有序发展沿海核电。"
    ));
    let mut sentences = mention_sentences(&extraction, "核电");
    sentences.dedup();
    assert_eq!(sentences, ["积极安全有序发展沿海核电。"]);
}

#[test]
fn an_events_name_is_no_mention_of_its_industry() {
    let extraction = run(concat!(
        "湖北省政府工作报告\n\n",
        "中国5G+工业互联网大会等重大科创活动影响持续扩大。\n\n",
        "办好世界制造业大会、数字丝路发展论坛。\n\n",
        "推进企业数字化转型、工业互联网发展。"
    ));
    let mut sentences = mention_sentences(&extraction, "工业互联网");
    sentences.dedup();
    assert_eq!(sentences, ["推进企业数字化转型、工业互联网发展。"]);
    assert!(mention_sentences(&extraction, "制造业").is_empty());
}

#[test]
fn a_sector_is_named_by_its_industry_not_by_the_activity() {
    // 体育 alone is mostly public sport (群众体育); the sector is 体育产业.
    let extraction = run(concat!(
        "浙江省政府工作报告\n\n",
        "统筹推进群众体育和竞技体育发展。\n\n",
        "促进赛事经济、户外运动等体育产业发展。"
    ));
    let sectors = labels(&extraction, EntityKind::Sector);
    assert!(sectors.contains(&"体育产业"), "{sectors:?}");
    assert!(!sectors.contains(&"体育"), "{sectors:?}");
    assert_eq!(
        mention_sentences(&extraction, "体育产业"),
        ["促进赛事经济、户外运动等体育产业发展。"]
    );
    // 绿色低碳 alone qualifies a transition or a goal; the sector is 绿色低碳产业.
    let extraction = run(concat!(
        "普陀区规划

",
        "加快重点领域绿色低碳发展。

",
        "支撑绿色低碳产业高质量发展。"
    ));
    assert_eq!(
        mention_sentences(&extraction, "绿色低碳产业"),
        ["支撑绿色低碳产业高质量发展。"]
    );
    // 大飞机 alone is the aircraft programme; 大飞机产业链 names the industry.
    let extraction = run(concat!(
        "上海市政府工作报告\n\n",
        "推进大飞机规模化系列化发展。\n\n",
        "加快培育本土大飞机产业链供应链。"
    ));
    assert_eq!(
        mention_sentences(&extraction, "大飞机"),
        ["加快培育本土大飞机产业链供应链。"]
    );
}

#[test]
fn a_companys_name_may_hold_its_city_in_brackets() {
    let extraction = run(concat!(
        "嘉定区重大项目\n\n",
        "上药智慧物流（上海） 有限公司项目开工。\n\n",
        "上药智慧物流（上海）\n有限公司\n\n",
        "嘉定区重点发展智慧物流产业。"
    ));
    assert_eq!(
        mention_sentences(&extraction, "智慧物流"),
        ["嘉定区重点发展智慧物流产业。"]
    );
}

#[test]
fn another_citys_county_is_no_place_where_it_straddles_two_words() {
    // 卓越|城区 holds 越城区 (绍兴), and a Shanghai district's plan names no 绍兴.
    let extraction = run(concat!(
        "---\n城市: 上海\n---\n\n",
        "静安区联动创新区建设方案\n\n",
        "五、打通要素堵点，夯实卓越城区引领力\n\n",
        "支持金融机构集聚发展。\n\n",
        "绍兴市越城区发展集成电路产业。"
    ));
    let districts = mention_sentences(&extraction, "越城区");
    assert_eq!(districts, ["绍兴市越城区发展集成电路产业。"]);
}
