# What `cmake --install` lays out, and the Debian packages CPack builds from the same install rules
# (`cpack -G DEB` in the build directory; docs/operations.md):
#   herald-server   herald-server, herald-push, the systemd unit, /etc/herald/herald.ini (a conffile),
#                   the maintainer scripts that create the herald user and /var/lib/herald
#   herald-console  herald-console, its desktop entry and icon
# The paths that depend on the prefix (the unit's ExecStart, /etc for /usr) are settled when installing,
# not when configuring: CPack installs with its own prefix (/usr).
include(GNUInstallDirs)

set(HERALD_RESOURCES ${PROJECT_SOURCE_DIR}/resources)

# herald-server's files beside its binaries (which server/CMakeLists.txt installs).
install(FILES ${PROJECT_SOURCE_DIR}/docs/operations.md ${PROJECT_SOURCE_DIR}/docs/configuration.md
        DESTINATION ${CMAKE_INSTALL_DATADIR}/doc/herald-server COMPONENT server)
install(FILES ${HERALD_RESOURCES}/herald-grafana.json DESTINATION ${CMAKE_INSTALL_DATADIR}/herald-server COMPONENT server)
set(HERALD_INSTALL_CONFIG [[
    # /usr is the system's own prefix: its configuration lives in /etc and its units in /lib (Debian 12).
    if(CMAKE_INSTALL_PREFIX STREQUAL "/usr")
        set(HERALD_CONFDIR /etc/herald)
        set(HERALD_UNITDIR /lib/systemd/system)
    else()
        set(HERALD_CONFDIR ${CMAKE_INSTALL_PREFIX}/etc/herald)
        set(HERALD_UNITDIR ${CMAKE_INSTALL_PREFIX}/lib/systemd/system)
    endif()
    set(HERALD_BINDIR ${CMAKE_INSTALL_PREFIX}/bin)
    set(HERALD_DOCDIR ${CMAKE_INSTALL_PREFIX}/share/doc/herald-server)
    configure_file(@HERALD_RESOURCES@/herald-server.service @CMAKE_CURRENT_BINARY_DIR@/herald-server.service @ONLY)
    file(INSTALL @CMAKE_CURRENT_BINARY_DIR@/herald-server.service DESTINATION ${HERALD_UNITDIR}
         PERMISSIONS OWNER_READ OWNER_WRITE GROUP_READ WORLD_READ)
    file(INSTALL @HERALD_RESOURCES@/herald.ini DESTINATION ${HERALD_CONFDIR}
         PERMISSIONS OWNER_READ OWNER_WRITE GROUP_READ WORLD_READ)
]])
string(CONFIGURE "${HERALD_INSTALL_CONFIG}" HERALD_INSTALL_CONFIG @ONLY)
install(CODE "${HERALD_INSTALL_CONFIG}" COMPONENT server)

# herald-console's desktop entry and icon.
install(FILES ${HERALD_RESOURCES}/herald-console.desktop DESTINATION ${CMAKE_INSTALL_DATADIR}/applications COMPONENT console)
install(FILES ${HERALD_RESOURCES}/herald-console.svg DESTINATION ${CMAKE_INSTALL_DATADIR}/icons/hicolor/scalable/apps
        COMPONENT console)

# Each package's copyright and changelog, as Debian wants them (gzip -9n: no time stamp in the archive).
set(HERALD_CHANGELOG ${CMAKE_CURRENT_BINARY_DIR}/changelog)
string(TIMESTAMP HERALD_CHANGELOG_DATE "%a, %d %b %Y 00:00:00 +0000" UTC)
configure_file(${PROJECT_SOURCE_DIR}/cmake/debian/changelog.in ${HERALD_CHANGELOG} @ONLY)
find_program(HERALD_GZIP gzip)
if(HERALD_GZIP)
    execute_process(COMMAND ${HERALD_GZIP} -9nf -k ${HERALD_CHANGELOG})
endif()
foreach(component server console)
    install(FILES ${PROJECT_SOURCE_DIR}/cmake/debian/copyright DESTINATION ${CMAKE_INSTALL_DATADIR}/doc/herald-${component}
            COMPONENT ${component})
    if(HERALD_GZIP)
        install(FILES ${HERALD_CHANGELOG}.gz DESTINATION ${CMAKE_INSTALL_DATADIR}/doc/herald-${component} COMPONENT ${component})
    endif()
endforeach()

set(CPACK_GENERATOR DEB)
set(CPACK_PACKAGE_NAME herald)
set(CPACK_PACKAGE_VENDOR "The Herald authors")
set(CPACK_PACKAGE_CONTACT "Herald maintainers <herald@example.org>")
set(CPACK_PACKAGE_VERSION ${PROJECT_VERSION})
set(CPACK_PACKAGING_INSTALL_PREFIX /usr)
set(CPACK_INSTALL_PREFIX /usr)
set(CPACK_SET_DESTDIR ON) # installs with the prefix /usr itself, so that /etc is /etc
set(CPACK_STRIP_FILES ON)
set(CPACK_DEB_COMPONENT_INSTALL ON)
set(CPACK_COMPONENTS_ALL server console)
set(CPACK_DEBIAN_FILE_NAME DEB-DEFAULT)
set(CPACK_DEBIAN_PACKAGE_SHLIBDEPS ON)
set(CPACK_DEBIAN_PACKAGE_SECTION net)
set(CPACK_DEBIAN_PACKAGE_PRIORITY optional)
set(CPACK_DEBIAN_COMPRESSION_TYPE xz)

set(CPACK_DEBIAN_SERVER_PACKAGE_NAME herald-server)
# Each package's own first line is its synopsis: no summary of the project's in front of it.
set(CPACK_PACKAGE_DESCRIPTION_SUMMARY "")
set(CPACK_DEBIAN_SERVER_DESCRIPTION "real-time push server (workerman-chat and GatewayWorker compatible)
Herald keeps WebSocket clients connected and delivers messages to them: the
workerman-chat protocol, the GatewayWorker HTTP API and text port, an admin
channel for herald-console, and Apple push notifications (herald-push sends
one from the command line). Runs as a sandboxed systemd service.")
# The libraries come from dpkg-shlibdeps; what it cannot see: adduser (the maintainer scripts create and
# remove the herald user) and Qt's SQLite driver, a plugin Qt loads for herald.db.
set(CPACK_DEBIAN_SERVER_PACKAGE_DEPENDS "adduser, libqt6sql6-sqlite")
set(CPACK_DEBIAN_SERVER_PACKAGE_CONTROL_EXTRA
    ${PROJECT_SOURCE_DIR}/cmake/debian/server/conffiles
    ${PROJECT_SOURCE_DIR}/cmake/debian/server/postinst
    ${PROJECT_SOURCE_DIR}/cmake/debian/server/prerm
    ${PROJECT_SOURCE_DIR}/cmake/debian/server/postrm)
set(CPACK_DEBIAN_SERVER_PACKAGE_CONTROL_STRICT_PERMISSION ON)

set(CPACK_DEBIAN_CONSOLE_PACKAGE_NAME herald-console)
set(CPACK_DEBIAN_CONSOLE_PACKAGE_SECTION admin)
# Qt's platform plugins (xcb, wayland), loaded at run time: dpkg-shlibdeps cannot see them.
set(CPACK_DEBIAN_CONSOLE_PACKAGE_DEPENDS "qt6-qpa-plugins")
set(CPACK_DEBIAN_CONSOLE_DESCRIPTION "admin console for the Herald push server
A desktop application that connects to herald-server's admin channel: live
clients, rooms and statistics, the room tail, broadcasts and APNs test
pushes.")

include(CPack)
