// The first-start setup's rules without a screen: Vietnamese letters from the keys, the
// suggested kiosk id, each step saved through the settings writer (its rules, not a copy),
// the PIN twice with the staff rules, and nothing saved from a step that is refused.
#include "kiosk/core/config/config_edit.hpp"
#include "kiosk/core/visit/setup.hpp"

#include <gtest/gtest.h>

using namespace tramso;

TEST(SetupText, ToneKeysMarkTheLastVowelOfTheWordAndTakeTheMarkOff) {
    EXPECT_EQ(applyTone("Tân", 1), "Tấn");
    EXPECT_EQ(applyTone("Quang", 3), "Quảng");
    EXPECT_EQ(applyTone("văn ho", 1), "văn hó");
    EXPECT_EQ(applyTone("văn hóa", 1), "văn hóá"); // the last vowel: a technician types "hó"+"a"
    EXPECT_EQ(applyTone("hó", 1), "ho");           // the same key again takes it off
    EXPECT_EQ(applyTone("hó", 2), "hò");
    EXPECT_EQ(applyTone("Ư", 5), "Ự");
    EXPECT_EQ(applyTone("xã ", 1), "xã "); // a new word without a vowel yet: nothing changes
    EXPECT_EQ(applyTone("nh", 1), "nh");
    EXPECT_EQ(upperLetter("ư"), "Ư");
    EXPECT_EQ(upperLetter("đ"), "Đ");
    EXPECT_EQ(upperLetter("q"), "Q");
    EXPECT_EQ(eraseLast("Nhà"), "Nh");
    EXPECT_EQ(eraseLast(""), "");
}

TEST(SetupText, TheKioskIdIsSuggestedFromTheMachineId) {
    EXPECT_EQ(suggestKioskId("3F2a9c0d1e2f4a5b6c7d8e9f0a1b2c3d\n"), "tramso-3f2a9c");
    EXPECT_EQ(suggestKioskId(""), "");
    EXPECT_EQ(suggestKioskId("not-a-machine-id"), "");
    EXPECT_EQ(provinces().size(), 34u);
}

namespace {

// The settings writer as the kiosk has it (applyConfigEdit over a file kept in memory).
struct Fake {
    std::string file = "# the kiosk's settings\nidle_seconds = 90\n";
    int writes = 0;
    std::vector<std::string> pins;
    SetupSinks sinks() {
        SetupSinks s;
        s.saver = [this](const ConfigEdit& e, std::string&) {
            ConfigEditResult r = applyConfigEdit(file, e);
            if (r.config) {
                file = r.text;
                ++writes;
            }
            return r;
        };
        s.addTechnician = [this](const std::string& pin) {
            pins.push_back(pin);
            return std::string();
        };
        return s;
    }
};

void type(SetupFlow& f, const std::string& keys) {
    for (char ch : keys) {
        f.key(ch == ' ' ? "space" : std::string(1, ch));
    }
}

} // namespace

TEST(SetupFlow, EachStepIsSavedWhenConfirmedAndTheSetupEndsAfterTheSoundTest) {
    Fake fake;
    SetupFlow f;
    f.start(Config{}, "tramso-3f2a9c", fake.sinks());
    ASSERT_TRUE(f.active());
    EXPECT_EQ(f.step(), SetupStep::SiteName);
    f.preset("Nhà văn hóa xã ");
    f.key("shift");
    type(f, "quang ");
    f.key("shift");
    type(f, "tan");
    f.key("tone:3"); // the last vowel of the word: "Tản"
    EXPECT_EQ(f.text(), "Nhà văn hóa xã Quang Tản");
    f.key("tone:3"); // off again
    f.key("erase");
    f.key("erase");
    f.key("â");
    f.key("n");
    EXPECT_EQ(f.text(), "Nhà văn hóa xã Quang Tân");
    std::optional<Config> c = f.next();
    ASSERT_TRUE(c);
    EXPECT_EQ(c->siteName, "Nhà văn hóa xã Quang Tân");
    EXPECT_EQ(fake.writes, 1);
    EXPECT_NE(fake.file.find("site_name = \"Nhà văn hóa xã Quang Tân\""), std::string::npos);
    EXPECT_NE(fake.file.find("idle_seconds = 90"), std::string::npos); // the rest kept

    EXPECT_EQ(f.step(), SetupStep::KioskId);
    EXPECT_EQ(f.text(), "tramso-3f2a9c"); // suggested
    f.key("A");                           // an id takes no capitals
    f.key("đ");
    EXPECT_EQ(f.text(), "tramso-3f2a9c");
    ASSERT_TRUE(f.next());
    EXPECT_NE(fake.file.find("kiosk_id = \"tramso-3f2a9c\""), std::string::npos);

    EXPECT_EQ(f.step(), SetupStep::Province);
    f.chooseProvince("99"); // no such province
    EXPECT_TRUE(f.provinceCode().empty());
    f.chooseProvince("22");
    EXPECT_EQ(f.provinceName(), "Quảng Ninh");
    ASSERT_TRUE(f.next());
    EXPECT_NE(fake.file.find("province_code = \"22\""), std::string::npos);

    EXPECT_EQ(f.step(), SetupStep::CommuneCode);
    type(f, "0666");
    EXPECT_FALSE(f.next()); // four digits: the config's rule refuses it, nothing written
    EXPECT_EQ(f.error(), "setup.err_commune_code");
    EXPECT_EQ(fake.writes, 3);
    EXPECT_EQ(f.step(), SetupStep::CommuneCode);
    type(f, "77"); // a sixth digit is not taken
    EXPECT_EQ(f.text(), "06667");
    ASSERT_TRUE(f.next());

    EXPECT_EQ(f.step(), SetupStep::CommuneName);
    ASSERT_TRUE(f.next()); // left empty: not declared
    EXPECT_EQ(f.step(), SetupStep::Pin);

    type(f, "123456");
    EXPECT_FALSE(f.next()); // a sequence
    EXPECT_EQ(f.error(), "setup.err_pin");
    EXPECT_EQ(f.pinLength(), 0u);
    type(f, "274915");
    f.next();
    EXPECT_EQ(f.step(), SetupStep::PinAgain);
    type(f, "274916");
    f.next();
    EXPECT_EQ(f.step(), SetupStep::Pin); // different: both typed again
    EXPECT_EQ(f.error(), "setup.err_pin_again");
    EXPECT_TRUE(fake.pins.empty());
    type(f, "274915");
    f.next();
    type(f, "274915");
    f.next();
    ASSERT_EQ(fake.pins, std::vector<std::string>{"274915"});
    EXPECT_EQ(f.step(), SetupStep::Sound);
    f.back(); // the PIN is stored: no way back to it
    EXPECT_EQ(f.step(), SetupStep::Sound);
    f.soundTested();
    EXPECT_EQ(f.soundTests(), 1);
    f.next();
    EXPECT_TRUE(f.finished());
    EXPECT_FALSE(f.active());
    // the whole file still loads with every value
    ConfigLoad l = parseConfig(fake.file, "settings");
    EXPECT_TRUE(l.diagnostics.empty());
    EXPECT_EQ(l.config.siteName, "Nhà văn hóa xã Quang Tân");
    EXPECT_EQ(l.config.provinceName, "Quảng Ninh");
    EXPECT_EQ(l.config.communeCode, "06667");
    EXPECT_TRUE(l.config.communeName.empty());
}

TEST(SetupFlow, ARefusedIdOrAFailedWriteKeepsTheStepAndSaysWhy) {
    Fake fake;
    SetupFlow f;
    f.start(Config{}, "", fake.sinks());
    ASSERT_TRUE(f.next());
    EXPECT_EQ(f.text(), "tramso-01"); // no machine id: the config's default
    for (int i = 0; i < 9; ++i) {
        f.key("erase");
    }
    f.key("-");
    EXPECT_FALSE(f.next()); // must start with a letter or digit
    EXPECT_EQ(f.error(), "setup.err_kiosk_id");
    EXPECT_EQ(f.step(), SetupStep::KioskId);

    SetupFlow broken;
    SetupSinks s = fake.sinks();
    s.saver = [](const ConfigEdit&, std::string& io) {
        io = "cannot write /etc/tramso/kiosk.toml: Read-only file system";
        return ConfigEditResult{};
    };
    broken.start(Config{}, "", s);
    EXPECT_FALSE(broken.next());
    EXPECT_EQ(broken.error(), "setup.err_save");
    EXPECT_NE(broken.errorDetail().find("Read-only"), std::string::npos);
    EXPECT_EQ(broken.step(), SetupStep::SiteName);
}

TEST(SetupFlow, WhereTheScreenCanBeTurnedTheFirstStepIsItsTurnKeptUntilConfirmed) {
    Fake fake;
    std::vector<std::optional<int>> marks; // what the kiosk keeps across its restart
    SetupSinks s = fake.sinks();
    s.turnsScreen = true;
    s.markTrial = [&marks](std::optional<int> from) { marks.push_back(from); };
    SetupFlow f;
    f.start(Config{}, "", s);
    EXPECT_EQ(f.step(), SetupStep::Rotation);
    EXPECT_EQ(inputOf(f.step()), SetupInput::Rotations);
    EXPECT_EQ(f.stepNumber(), 1);
    EXPECT_EQ(f.stepCount(), 9);
    EXPECT_EQ(f.rotation(), 0);

    EXPECT_FALSE(f.chooseRotation(45, 0).saved); // not a turn the step offers
    EXPECT_EQ(fake.writes, 0);
    RotationChoice same = f.chooseRotation(0, 0); // what is on screen: saved, no restart
    ASSERT_TRUE(same.saved);
    EXPECT_FALSE(same.restart);
    EXPECT_FALSE(f.trialFrom());

    RotationChoice turned = f.chooseRotation(90, 0);
    ASSERT_TRUE(turned.saved);
    EXPECT_EQ(turned.saved->screenRotation, 90);
    EXPECT_TRUE(turned.restart);
    EXPECT_NE(fake.file.find("screen_rotation = 90"), std::string::npos) << fake.file;
    EXPECT_EQ(f.trialFrom(), 0); // the turn where the tap worked is the way back
    ASSERT_FALSE(marks.empty());
    EXPECT_EQ(marks.back(), 0);

    // the restart: the same step, the new turn saved, on trial until Next
    ConfigLoad after = parseConfig(fake.file, "settings");
    ASSERT_TRUE(after.diagnostics.empty());
    s.trialFrom = 0;
    f.start(after.config, "", s);
    EXPECT_EQ(f.step(), SetupStep::Rotation);
    EXPECT_EQ(f.rotation(), 90);
    EXPECT_EQ(f.trialFrom(), 0);
    f.back(); // nothing before the first step
    EXPECT_EQ(f.step(), SetupStep::Rotation);
    EXPECT_FALSE(f.next()); // confirmed: nothing new is written, the trial is forgotten
    EXPECT_EQ(f.step(), SetupStep::SiteName);
    EXPECT_EQ(f.stepNumber(), 2);
    EXPECT_FALSE(f.trialFrom());
    EXPECT_EQ(marks.back(), std::nullopt);
    f.back();
    EXPECT_EQ(f.step(), SetupStep::Rotation);
    EXPECT_FALSE(f.chooseRotation(90, 90).restart); // on screen already
}

TEST(SetupFlow, ANewTurnNotConfirmedGoesBackToTheOneThatWorked) {
    Fake fake;
    std::vector<std::optional<int>> marks;
    SetupSinks s = fake.sinks();
    s.turnsScreen = true;
    s.trialFrom = 270;
    s.markTrial = [&marks](std::optional<int> from) { marks.push_back(from); };
    Config c;
    c.screenRotation = 180;
    SetupFlow f;
    f.start(c, "", s);
    EXPECT_EQ(f.trialFrom(), 270);
    RotationChoice back = f.undoRotation();
    ASSERT_TRUE(back.saved);
    EXPECT_EQ(back.saved->screenRotation, 270);
    EXPECT_TRUE(back.restart);
    EXPECT_FALSE(f.trialFrom()); // the way back worked before: nothing to confirm there
    EXPECT_EQ(marks, std::vector<std::optional<int>>{std::nullopt});
    EXPECT_FALSE(f.undoRotation().saved); // nothing on trial any more
}

TEST(SetupFlow, WhereTheScreenCannotBeTurnedThereIsNoRotationStep) {
    Fake fake;
    SetupSinks s = fake.sinks();
    s.trialFrom = 90; // ignored: nothing here turns the screen
    SetupFlow f;
    f.start(Config{}, "", s);
    EXPECT_EQ(f.step(), SetupStep::SiteName);
    EXPECT_EQ(f.stepNumber(), 1);
    EXPECT_EQ(f.stepCount(), 8);
    EXPECT_FALSE(f.trialFrom());
    EXPECT_FALSE(f.chooseRotation(90, 0).saved);
    f.back();
    EXPECT_EQ(f.step(), SetupStep::SiteName);
}
