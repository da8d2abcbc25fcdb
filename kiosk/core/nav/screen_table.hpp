// The one table of screens. Adding a screen is one row here and its file in screens/: the
// ScreenId, the route name (`--open`, scripts, the UI dump), who it is for, what its route
// carries, and the function in screens/ that draws it are all taken from the row.
#pragma once

// Audience:  Outside    no visit and no toolbar (attract, the keypad, the safe screen)
//            Resident   a resident's screen: toolbar and idle reset
//            Staff      behind a PIN, any team member
//            Technician behind a technician's PIN
// Parameter: Plain      "name"            Number "name:N" (skill 1..5)
//            PortalId, LessonId, QuizId   "name:ID", an id the content must know (checked for
//                       --open and deep links; a lesson id starts the player, a quiz id a
//                       quiz session, whatever screen the row is)
//            Internal   never opened by name (the kiosk goes there)
//
//   X(id,          route name,     audience,   parameter, draw function)
#define TRAMSO_SCREENS(X)                                                                          \
    X(Attract, "attract", Outside, Plain, attract)                                                 \
    X(Home, "home", Resident, Plain, home)                                                         \
    X(Skill, "skill", Resident, Number, skill)                                                     \
    X(Help, "help", Resident, Plain, help)                                                         \
    X(Portals, "portals", Resident, Plain, portals)                                                \
    X(Portal, "portal", Resident, PortalId, portal)                                                \
    X(Tutorial, "tutorial", Resident, LessonId, tutorial)                                          \
    X(Quiz, "quiz", Resident, QuizId, quiz)                                                        \
    X(StaffLogin, "staff", Outside, Plain, staffLogin)                                             \
    X(StaffHome, "staff-home", Staff, Plain, staffHome)                                            \
    X(StaffLaunch, "staff-launch", Staff, Plain, staffLaunch)                                      \
    X(Dashboard, "dashboard", Staff, Plain, dashboard)                                             \
    X(QuizGroup, "quiz-group", Staff, QuizId, quizGroup)                                           \
    X(Settings, "settings", Technician, Plain, settings)                                           \
    X(Health, "health", Technician, Plain, health)                                                 \
    X(Export, "export", Technician, Plain, exportScreen)                                           \
    X(Packs, "packs", Technician, Plain, packs)                                                    \
    X(Safe, "safe", Outside, Internal, safe)                                                       \
    X(Setup, "setup", Outside, Plain, setup)
