/* registry_value set NAME DATA | get NAME | delete: writes, reads or removes a REG_SZ value
 * under HKEY_CURRENT_USER\Software\winrun-persist, so two runs can see each other's writes.
 * Exit code 0 on success, 2 when the value does not exist, 1 on any other error. */
#include <stdio.h>
#include <string.h>
#include <windows.h>

int main(int argc, char **argv)
{
    const char *path = "Software\\winrun-persist";
    HKEY key;
    if (argc == 4 && !strcmp(argv[1], "set")) {
        LSTATUS rc = RegCreateKeyExA(HKEY_CURRENT_USER, path, 0, NULL, 0, KEY_ALL_ACCESS, NULL,
                                     &key, NULL);
        if (rc != ERROR_SUCCESS)
            return 1;
        rc = RegSetValueExA(key, argv[2], 0, REG_SZ, (const BYTE *)argv[3],
                            (DWORD)strlen(argv[3]) + 1);
        RegCloseKey(key);
        return rc == ERROR_SUCCESS ? 0 : 1;
    }
    if (argc == 3 && !strcmp(argv[1], "get")) {
        char data[256];
        DWORD size = sizeof(data), type = 0;
        LSTATUS rc = RegGetValueA(HKEY_CURRENT_USER, path, argv[2], RRF_RT_REG_SZ, &type, data,
                                  &size);
        if (rc == ERROR_FILE_NOT_FOUND)
            return 2;
        if (rc != ERROR_SUCCESS)
            return 1;
        printf("%s\n", data);
        return 0;
    }
    if (argc == 2 && !strcmp(argv[1], "delete")) {
        LSTATUS rc = RegDeleteKeyA(HKEY_CURRENT_USER, path);
        return rc == ERROR_SUCCESS ? 0 : rc == ERROR_FILE_NOT_FOUND ? 2 : 1;
    }
    return 1;
}
